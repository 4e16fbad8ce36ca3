import type express from "express";
import { PurgeBody, StudyBody, WordsBody } from "../../shared/protocol/http.ts";
import type { WordFilter } from "../moderation/wordFilter.ts";
import type { Studies } from "../research/studies.ts";
import type { CheckIns } from "../store/checkIns.ts";
import type { SelfStudyStore } from "../store/selfStudy.ts";
import type { SessionLog } from "../store/SessionLog.ts";
import { type GuardDeps, body, staffDid, staffWith } from "./guard.ts";

export interface AdminDeps extends GuardDeps {
  studies: Studies;
  log: SessionLog;
  selfStudy: SelfStudyStore;
  checkIns: CheckIns;
  research: { retentionDays: number };
  words: WordFilter;
}

/**
 * An admin running their organisation: research studies, purging old records, reading the audit
 * log, and the words the chat filter holds back. Staff accounts are in staffAccounts.ts.
 */
export function adminRoutes(api: express.Router, deps: AdminDeps): void {
  api.get("/admin/studies", async (req, res) => {
    const admin = await staffWith(deps, "manageStudies", req, res);
    if (admin) res.json({ studies: (await deps.studies.of(admin.orgId)).map((s) => ({ id: s.id, name: s.name })) });
  });

  api.post("/admin/studies", async (req, res) => {
    const admin = await staffWith(deps, "manageStudies", req, res);
    if (!admin) return;
    const input = body(StudyBody, req, res);
    if (!input) return;
    const study = await deps.studies.create(admin.orgId, input.name);
    await staffDid(deps, admin, "create_study", study.id);
    res.status(201).json({ id: study.id, name: study.name });
  });

  /** Deletes session events older than the retention period (or a shorter one given). */
  api.post("/admin/purge", async (req, res) => {
    const admin = await staffWith(deps, "purgeLogs", req, res);
    if (!admin) return;
    const input = body(PurgeBody, req, res);
    if (!input) return;
    const days = Math.min(input.days ?? deps.research.retentionDays, deps.research.retentionDays);
    const before = Date.now() - days * 24 * 60 * 60 * 1000;
    const deleted = await deps.log.purgeBefore(before, admin.orgId);
    // Children's self-study records are kept no longer than the log they sit beside.
    const studySessions = await deps.selfStudy.purgeBefore(before, admin.orgId);
    // And their check-ins too (by school day: the whole day the cut falls on stays).
    const checkIns = await deps.checkIns.purgeBefore(await deps.checkIns.today(admin.orgId, before), admin.orgId);
    await staffDid(deps, admin, "purge", null, { days, deleted, studySessions, checkIns });
    res.json({ deleted });
  });

  api.get("/admin/audit", async (req, res) => {
    const admin = await staffWith(deps, "readAudit", req, res);
    // Names, not ids, for the admin who reads it: staff by display name, students by nickname;
    // each id looked up once per answer (the same few people fill most of the log).
    const names = new Map<string, string | null>();
    const name = async (id: string | null) => {
      if (!id) return null;
      if (!names.has(id)) names.set(id, (await deps.directory.staff(id))?.displayName ?? (await deps.directory.student(id))?.nickname ?? null);
      return names.get(id) ?? null;
    };
    if (!admin) return;
    const entries = [];
    for (const e of await deps.audit.list(admin.orgId)) entries.push({ ...e, actorName: await name(e.actorId), targetName: await name(e.target) });
    res.json({ entries });
  });

  api.get("/admin/words", async (req, res) => {
    const admin = await staffWith(deps, "editWords", req, res);
    if (admin) res.json(await deps.directory.ngWordsByLang());
  });

  api.put("/admin/words", async (req, res) => {
    const admin = await staffWith(deps, "editWords", req, res);
    if (!admin) return;
    const input = body(WordsBody, req, res);
    if (!input) return;
    await deps.directory.setNgWords("ja", input.ja);
    await deps.directory.setNgWords("en", input.en);
    deps.words.update(await deps.directory.ngWords());
    await staffDid(deps, admin, "edit_words", null, { ja: input.ja.length, en: input.en.length });
    res.json({ ok: true });
  });
}
