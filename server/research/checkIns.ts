import { FACES, type Face } from "../../shared/domain/checkIn.ts";
import type { CheckInResearch } from "../../shared/protocol/checkIn.ts";
import type { CheckInRow } from "../store/checkIns.ts";
import { isFace } from "../store/checkIns.ts";
import type { Admission } from "./analysis.ts";
import { suppressBelow } from "./suppress.ts";

/**
 * The daily check-in in the research view (issue 19): only aggregates, per school day, of the
 * children `admission` admits (those whose consent covers their activity: a check-in counts as
 * activity), never a pseudonym with a face. A day's count of answers, and each face's count,
 * below the threshold is withheld; a skip is not an answer and is not counted.
 */
export function checkInDays(rows: readonly CheckInRow[], admission: Admission, k: number): CheckInResearch {
  const shown = suppressBelow(k);
  const days = new Map<string, Record<Face, number>>();
  for (const r of rows) {
    if (!isFace(r.answer) || !admission.include(r.studentId, "student")) continue;
    const counts = days.get(r.day) ?? (Object.fromEntries(FACES.map((f) => [f, 0])) as Record<Face, number>);
    counts[r.answer]++;
    days.set(r.day, counts);
  }
  return {
    days: [...days.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([day, counts]) => ({
        day,
        answered: shown(FACES.reduce((sum, f) => sum + counts[f], 0)),
        faces: Object.fromEntries(FACES.map((f) => [f, shown(counts[f])])),
      })),
    suppressBelow: k,
  };
}
