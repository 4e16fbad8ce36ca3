import { randomBytes } from "node:crypto";
import path from "node:path";
import { STAFF_ROLES, type StaffRole } from "../../shared/domain/roles.ts";
import { LIMITS } from "../../shared/domain/limits.ts";
import { Nickname } from "../../shared/protocol/messages.ts";
import { ConsentLevel } from "../../shared/research/consent.ts";
import { loadSecret } from "../auth/secret.ts";
import { loadConfig } from "../config.ts";
import { createServices } from "../services.ts";

/**
 * `npm run admin -- <command>`: scripted set-up without a browser. Works on the same data folder
 * as the server (HIDAMARI_DATA_DIR); every change is written to the audit log as done by "cli".
 */
const HELP = `Hidamari administration

  npm run admin -- create-org <name>
  npm run admin -- add-staff <org-id> <username> <counsellor|researcher|admin> <display name>
        (prints a one-time welcome link with which the person chooses their own password;
         HIDAMARI_PASSWORD sets one instead, for an account you will use yourself)
  npm run admin -- welcome-link <staff-id>
        (a new welcome link: for a link lost or too old, or a forgotten password; the old link stops working)
  npm run admin -- federation <staff-id> <on|off>
        (the federation admin creates organisations and their first admins at /staff)
  npm run admin -- register-student <org-id> <nickname> [staff-only note]
  npm run admin -- reissue-code <student-id>
  npm run admin -- revoke-code <student-id>
  npm run admin -- consent <student-id> <none|activity|activity_chat>
  npm run admin -- create-study <org-id> <name>
  npm run admin -- purge [days]   delete session events older than the retention period (or fewer days)
  npm run admin -- list
  npm run admin -- demo        a demo organisation, a counsellor and three students
                               (for a month of research data, see npm run demo)`;

/**
 * A sign-in made with the old code ends at its next request or join (server/auth/signedIn.ts),
 * but this command does not reach the running server: a child in the space now is let go when
 * the space next asks the store who is still let in (LIMITS.rollCheckSeconds, watchers.ts). The
 * staff page's reissue and revoke take the child out at once.
 */
const TAKEN_OUT_SOON =
  `note: the old code no longer opens anything; a child in the space now is taken out within ${LIMITS.rollCheckSeconds} seconds.\n` +
  "      To take them out at once, use the staff page's student list instead.";

async function main(argv: string[]) {
  const [command, ...args] = argv;
  if (!command || command === "help" || command === "--help") {
    console.log(HELP);
    return;
  }
  const config = loadConfig();
  const services = await createServices({
    dbFile: path.join(config.dataDir, "hidamari.sqlite"),
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
    secret: loadSecret(config.dataDir, config.secret),
  });
  const { directory, audit } = services;
  const record = (orgId: string | null, action: string, target: string | null) =>
    audit.record({ orgId, actorId: "cli", actorRole: "admin", action, target, outcome: "done" });
  /** A one-time link for the account (any earlier one stops working), audited, as the line to print. */
  const welcomeLink = async (staffId: string, orgId: string, reset: boolean) => {
    const { token, expiresAt } = await services.welcomeLinks.issue(staffId, "cli");
    await audit.record({ orgId, actorId: "cli", actorRole: "admin", action: reset ? "issue_reset_link" : "issue_welcome_link", target: staffId, outcome: "done", detail: { expiresAt } });
    const base = config.publicUrl ?? `http://localhost:${config.port}`;
    return `welcome link (works once, until ${new Date(expiresAt).toISOString()}; pass it on to the person only):\n  ${base}/staff?welcome=${token}`;
  };
  const need = (n: number) => {
    if (args.length < n) throw new UsageError();
  };
  try {
    switch (command) {
      case "create-org": {
        need(1);
        const org = await directory.createOrganisation(args.join(" "));
        await record(org.id, "create_org", org.id);
        console.log(`organisation ${org.id}  ${org.name}`);
        break;
      }
      case "add-staff": {
        need(4);
        const [orgId, username, role, ...name] = args as [string, string, string, ...string[]];
        if (!STAFF_ROLES.includes(role as StaffRole)) throw new UsageError(`role must be one of ${STAFF_ROLES.join(", ")}`);
        // Nobody but the person chooses their password: they get a link, unless the operator sets one for their own account.
        const password = process.env.HIDAMARI_PASSWORD || undefined;
        const staff = await directory.addStaff({ orgId, username, role: role as StaffRole, displayName: name.join(" "), ...(password ? { password } : {}) });
        await record(orgId, "add_staff", staff.id);
        console.log(`staff ${staff.id}  ${staff.username} (${staff.role})`);
        if (!password) console.log(await welcomeLink(staff.id, orgId, false));
        break;
      }
      case "welcome-link": {
        need(1);
        const staff = await directory.staff(args[0] as string);
        if (!staff) throw new UsageError("no such staff account");
        console.log(await welcomeLink(staff.id, staff.orgId, await directory.hasPassword(staff.id)));
        break;
      }
      case "federation": {
        need(2);
        const [staffId, on] = args as [string, string];
        if (on !== "on" && on !== "off") throw new UsageError("say on or off");
        const staff = await directory.staff(staffId);
        if (!staff || !(await directory.setFederation(staffId, on === "on"))) throw new UsageError("no such staff account");
        await record(staff.orgId, on === "on" ? "grant_federation" : "revoke_federation", staffId);
        console.log(`${staff.username}: federation admin ${on}`);
        break;
      }
      case "register-student": {
        need(2);
        const [orgId, nickname, ...note] = args as [string, string, ...string[]];
        const parsed = Nickname.safeParse(nickname);
        if (!parsed.success) throw new UsageError("the nickname is empty after normalising");
        const { student, code } = await directory.registerStudent({ orgId, nickname: parsed.data, note: note.join(" ") });
        await record(orgId, "register_student", student.id);
        console.log(`student ${student.id}  ${student.nickname}  access code: ${code}`);
        break;
      }
      case "reissue-code": {
        need(1);
        const code = await directory.reissueCode(args[0] as string);
        await record((await directory.student(args[0] as string))?.orgId ?? null, "reissue_code", args[0] as string);
        console.log(`access code: ${code}`);
        console.log(TAKEN_OUT_SOON);
        break;
      }
      case "revoke-code": {
        need(1);
        await directory.revokeCode(args[0] as string);
        await record((await directory.student(args[0] as string))?.orgId ?? null, "revoke_code", args[0] as string);
        console.log("revoked");
        console.log(TAKEN_OUT_SOON);
        break;
      }
      case "consent": {
        need(2);
        const [studentId, level] = args as [string, string];
        const parsed = ConsentLevel.safeParse(level);
        if (!parsed.success) throw new UsageError("consent must be none, activity or activity_chat");
        await directory.setConsent(studentId, parsed.data, "cli");
        await record((await directory.student(studentId))?.orgId ?? null, "record_consent", studentId);
        console.log(`consent: ${parsed.data}`);
        break;
      }
      case "create-study": {
        need(2);
        const [orgId, ...name] = args as [string, ...string[]];
        if (!await directory.organisation(orgId)) throw new UsageError("no such organisation");
        const study = await services.studies.create(orgId, name.join(" "));
        await record(orgId, "create_study", study.id);
        console.log(`study ${study.id}  ${study.name}`);
        break;
      }
      case "purge": {
        const days = Math.min(Number(args[0] ?? config.retentionDays), config.retentionDays);
        if (!Number.isInteger(days) || days < 1) throw new UsageError("days must be a whole number of days");
        const before = Date.now() - days * 24 * 60 * 60 * 1000;
        const deleted = await services.log.purgeBefore(before);
        await services.selfStudy.purgeBefore(before); // children's self-study records go with the log they sit beside
        await record(null, "purge", null);
        console.log(`deleted ${deleted} events older than ${days} days`);
        break;
      }
      case "list": {
        for (const org of await directory.organisations()) {
          console.log(`organisation ${org.id}  ${org.name}`);
          for (const s of await directory.staffOf(org.id)) console.log(`  staff   ${s.id}  ${s.username} (${s.role}${s.federation ? ", federation" : ""})  ${s.displayName}`);
          for (const s of await directory.studentsOf(org.id)) console.log(`  student ${s.id}  ${s.nickname}${s.blocked ? "  [blocked]" : ""}${s.hasCode ? "" : "  [no code]"}`);
        }
        break;
      }
      case "demo": {
        const org = await directory.createOrganisation("ひだまり デモ教育支援センター");
        const password = process.env.HIDAMARI_PASSWORD || randomBytes(9).toString("base64url");
        const username = `counsellor-${randomBytes(2).toString("hex")}`;
        await directory.addStaff({ orgId: org.id, username, role: "counsellor", displayName: "さとう先生", password });
        await record(org.id, "demo", org.id);
        console.log(`organisation ${org.id}\ncounsellor: ${username} / ${password}  (sign in at /staff)`);
        for (const nickname of ["はるか", "そら", "Ken"]) {
          const { code } = await directory.registerStudent({ orgId: org.id, nickname });
          console.log(`student ${nickname}: access code ${code}`);
        }
        break;
      }
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } finally {
    await services.close();
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    if (error.message) console.error(error.message);
    console.error(HELP);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
