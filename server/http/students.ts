import type express from "express";
import type { z } from "zod";
import type { Presence } from "@colyseus/core";
import { BlockBody, EmptyBody, KeepOutBody, type NewCode, type Registered, RegisterStudentBody, type StudentList } from "../../shared/protocol/http.ts";
import { ConsentBody } from "../../shared/research/consent.ts";
import { signOutStudent } from "../auth/signOut.ts";
import { PLAZA_KEPT_OUT_TOPIC } from "../store/plazas.ts";
import { type GuardDeps, body, ownStudent, staffDid, staffWith } from "./guard.ts";

export interface StudentRouteDeps extends GuardDeps {
  /** A child signed out, or kept out of the plaza, is let go by the space they are in, on any process. */
  presence: Presence;
}

/**
 * Staff looking after their organisation's children: registering them, their access codes
 * (reissued or taken back, which signs them out), blocking, research consent and the plaza.
 * Each route names its capability and takes only the organisation's own children; each change is audited.
 */
export function studentRoutes(api: express.Router, deps: StudentRouteDeps): void {
  api.get("/staff/students", async (req, res) => {
    const staff = await staffWith(deps, "registerStudent", req, res);
    if (!staff) return;
    res.json({ students: await deps.directory.studentsOf(staff.orgId) } satisfies z.input<typeof StudentList>);
  });

  api.post("/staff/students", async (req, res) => {
    const staff = await staffWith(deps, "registerStudent", req, res);
    if (!staff) return;
    const input = body(RegisterStudentBody, req, res);
    if (!input) return;
    const { student, code } = await deps.directory.registerStudent({ orgId: staff.orgId, nickname: input.nickname, note: input.note });
    await staffDid(deps, staff, "register_student", student.id);
    res.status(201).json({ student, code } satisfies z.input<typeof Registered>);
  });

  api.post("/staff/students/:id/code", async (req, res) => {
    const staff = await staffWith(deps, "manageCodes", req, res);
    if (!staff) return;
    // Reissued only on an empty request (a body with anything in it is a mistake, not a yes).
    if (!body(EmptyBody, req, res)) return;
    const student = await ownStudent(deps, req, res, staff.orgId);
    if (!student) return;
    const code = await deps.directory.reissueCode(student.id);
    await signOutStudent(deps, student.id);
    await staffDid(deps, staff, "reissue_code", student.id);
    res.json({ code } satisfies z.input<typeof NewCode>);
  });

  api.delete("/staff/students/:id/code", async (req, res) => {
    const staff = await staffWith(deps, "manageCodes", req, res);
    if (!staff) return;
    const student = await ownStudent(deps, req, res, staff.orgId);
    if (!student) return;
    await deps.directory.revokeCode(student.id);
    await signOutStudent(deps, student.id);
    await staffDid(deps, staff, "revoke_code", student.id);
    res.json({ ok: true });
  });

  api.post("/staff/students/:id/block", async (req, res) => {
    const staff = await staffWith(deps, "block", req, res);
    if (!staff) return;
    const input = body(BlockBody, req, res);
    if (!input) return;
    const student = await ownStudent(deps, req, res, staff.orgId);
    if (!student) return;
    await deps.directory.setBlocked(student.id, input.blocked);
    if (input.blocked) await signOutStudent(deps, student.id);
    await staffDid(deps, staff, input.blocked ? "block" : "unblock", student.id);
    res.json({ ok: true });
  });

  /** Research consent, recorded by staff for each student (parental consent and the child's assent). */
  api.post("/staff/students/:id/consent", async (req, res) => {
    const staff = await staffWith(deps, "recordConsent", req, res);
    if (!staff) return;
    const input = body(ConsentBody, req, res);
    if (!input) return;
    const student = await ownStudent(deps, req, res, staff.orgId);
    if (!student) return;
    await deps.directory.setConsent(student.id, input.level, staff.id);
    await staffDid(deps, staff, "record_consent", student.id, { level: input.level });
    res.json({ ok: true });
  });

  /** Keeps one of our students out of the shared plaza (or lets them go again). */
  api.post("/staff/students/:id/plaza", async (req, res) => {
    const staff = await staffWith(deps, "keepOutOfPlaza", req, res);
    if (!staff) return;
    const input = body(KeepOutBody, req, res);
    if (!input) return;
    const student = await ownStudent(deps, req, res, staff.orgId);
    if (!student) return;
    await deps.directory.setKeptOutOfPlazas(student.id, input.keptOut);
    if (input.keptOut) await deps.presence.publish(PLAZA_KEPT_OUT_TOPIC, student.id);
    await staffDid(deps, staff, input.keptOut ? "keep_out_of_plaza" : "let_into_plaza", student.id);
    res.json({ ok: true });
  });
}
