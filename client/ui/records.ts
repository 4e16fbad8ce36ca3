import { MyRecords } from "../../shared/protocol/reports.ts";
import type { Lang } from "../i18n/index.ts";
import type { api } from "../net/api.ts";
import type { SpaceShell } from "../space/shell.ts";
import { openModal } from "./dialog.ts";
import { h } from "./dom.ts";
import type { rubyNodes } from "./ruby.ts";
import { type RecordsWords, recordsWords, statusWord } from "./recordsWords.ts";
import "./records.css";

/**
 * What we record about you (issue 19): a page every child can open from the space, in plain
 * Japanese with furigana (or English), saying what is recorded, who can see it, for how long, how
 * to ask to see it or have it deleted, what their family said about research, and how far staff
 * have got with the reports they sent. And the calm sign that staff are looking after the space,
 * shown while a staff member has a child's details open (never whose).
 *
 * Fetched once the child is in (client/main.ts), so a first visit carries none of it; its
 * helpers are lent by the page (as client/ui/studyPanel.ts's are).
 */
export interface RecordsDeps {
  readonly shell: SpaceShell;
  readonly lang: Lang;
  readonly api: typeof api;
  readonly ruby: typeof rubyNodes;
}

/** Adds the page's button to the space; answers how to show or hide the sign. */
export function recordsInSpace(deps: RecordsDeps): (staffLooking: boolean) => void {
  const w = recordsWords(deps.lang);
  const open = h("button", { type: "button", class: "small records-open" }, w.open);
  open.addEventListener("click", () => void showRecords(deps, w));
  deps.shell.addPanel(h("div", { class: "records-link" }, open));
  const sign = h("p", { class: "staff-looking", role: "status", hidden: true }, ...deps.ruby(w.lookingSign));
  deps.shell.element.append(sign);
  return (on) => {
    sign.hidden = !on;
  };
}

async function showRecords(deps: RecordsDeps, w: RecordsWords): Promise<void> {
  const { ruby } = deps;
  const list = (items: readonly string[]) => h("ul", {}, ...items.map((item) => h("li", {}, ...ruby(item))));
  const section = (heading: string, ...body: Node[]) => h("section", {}, h("h3", {}, ...ruby(heading)), ...body);
  const mine = h("div", { class: "records-mine", "aria-live": "polite" });
  openModal({
    className: "records",
    readFromTop: true,
    title: w.title,
    closeLabel: w.close,
    body: [
      section(w.whatHeading, list(w.what), h("p", {}, ...ruby(w.notWhat))),
      section(w.whoHeading, list(w.who)),
      mine,
      section(w.askHeading, h("p", {}, ...ruby(w.ask))),
      section(w.lookingHeading, h("p", {}, ...ruby(w.looking))),
    ],
  });
  try {
    const records = await deps.api("GET", "/me/records", undefined, MyRecords);
    const when = (ms: number) => new Date(ms).toLocaleString(deps.lang === "en" ? "en-GB" : "ja-JP", { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" });
    mine.replaceChildren(
      section(w.howLongHeading, h("p", {}, ...ruby(w.howLong, { days: records.retentionDays }))),
      section(w.consentHeading, h("p", {}, ...ruby(w[`consent_${records.consent}`]))),
      section(
        w.reportsHeading,
        records.reports.length === 0
          ? h("p", {}, ...ruby(w.reportsNone))
          : h("ul", { class: "records-reports" }, ...records.reports.map((r) => h("li", { "data-status": r.status }, ...ruby(w.report, { when: when(r.at), status: statusWord(w, r.status) })))),
      ),
    );
  } catch {
    mine.replaceChildren(h("p", { class: "form-error" }, ...ruby(w.loadProblem)));
  }
}
