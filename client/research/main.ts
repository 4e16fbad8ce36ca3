import "../style.css";
import "../staff/staff.css";
import "./research.css";
import type { Me } from "../../shared/protocol/http.ts";
import type { SessionSummary } from "../../shared/research/report.ts";
import { pickLang } from "../i18n/index.ts";
import { signOut, whoAmI } from "../net/api.ts";
import { signInForm } from "../staff/signIn.ts";
import { staffTranslator } from "../staff/i18n.ts";
import { h, setText } from "../ui/dom.ts";
import * as research from "./api.ts";
import { attendanceCalendar, weeklyTrend } from "./charts/attendance.ts";
import { ladderBars, zoneBars } from "./charts/bars.ts";
import { heatmapCanvas } from "./charts/heatmap.ts";
import { lessonsChart, lessonsLegend, lessonsTable } from "./charts/lessons.ts";
import { selfStudyChart, selfStudyTable } from "./charts/selfStudy.ts";
import { checkInSection } from "./charts/checkIns.ts";
import { timelineChart, zoneLegend } from "./charts/timeline.ts";
import { researchTranslator } from "./dictionary.ts";
import { exportPanel } from "./exportPanel.ts";
import { replayPanel } from "./replayPanel.ts";
import { type Times, timeText } from "./times.ts";
import { dayAfter, dayIn, startOfDayIn } from "../../shared/domain/days.ts";
import { languageSwitch } from "../ui/langSwitch.ts";

/**
 * The researcher's page: choose a study and a period, see sessions and attendance as charts,
 * open one session, export. Everything shown is pseudonymised and consent-filtered by the server.
 */
const lang = pickLang(location.search);
const rt = researchTranslator(lang);
document.documentElement.lang = lang;
document.title = rt("title");
const DAY = 86_400_000;

const root = document.getElementById("app");
if (root) void boot(root);

async function boot(root: HTMLElement) {
  let me: Me | null = null;
  try {
    me = await whoAmI();
  } catch {
    me = null;
  }
  if (!me || me.kind !== "staff") {
    const form = signInForm(staffTranslator(lang), () => location.reload(), { brand: rt("title"), title: rt("signInTitle") });
    form.prepend(h("p", { class: "lang-line" }, languageSwitch(lang)));
    root.replaceChildren(form);
    return;
  }
  if (me.role !== "researcher") {
    root.replaceChildren(h("main", { class: "screen" }, h("h1", {}, rt("title")), h("p", { role: "alert" }, rt("notResearcher"))));
    return;
  }
  const { studies, timeZone } = await research.studies();
  const times: Times = { lang, timeZone };
  const out = h("div", { class: "research-body", "aria-live": "polite" });
  const signOutButton = h("button", { type: "button" }, rt("signOut"));
  signOutButton.addEventListener("click", () => void signOut().then(() => location.reload()));
  const header = h("header", { class: "research-top" }, h("h1", {}, rt("title")), h("span", { class: "who" }, `${me.displayName} · ${me.orgName}`), languageSwitch(lang), signOutButton);
  if (studies.length === 0) {
    root.replaceChildren(header, h("main", { class: "research" }, h("p", {}, rt("noStudies"))));
    return;
  }

  const study = h("select", { id: "study" }, ...studies.map((s) => h("option", { value: s.id }, s.name)));
  // Days as the school counts them (the attendance calendar's), wherever the researcher is.
  const from = h("input", { id: "from", type: "date", value: dayIn(timeZone, Date.now() - 31 * DAY) });
  const to = h("input", { id: "to", type: "date", value: dayIn(timeZone, Date.now()) });
  const range = () => ({ study: study.value, from: startOfDayIn(timeZone, from.value), to: startOfDayIn(timeZone, dayAfter(to.value)) });
  const filters = h(
    "form",
    { class: "filters" },
    h("label", { for: "study" }, rt("study")),
    study,
    h("label", { for: "from" }, rt("from")),
    from,
    h("label", { for: "to" }, rt("to")),
    to,
    h("button", { type: "submit", class: "primary" }, rt("show")),
    h("p", { class: "time-zone" }, rt("timeZoneNote", { zone: timeZone })),
  );
  filters.addEventListener("submit", (e) => {
    e.preventDefault();
    void showOverview();
  });

  root.replaceChildren(header, h("main", { class: "research" }, h("p", { class: "lead" }, rt("lead")), filters, exportPanel(rt, range), out));

  /** A running replay holds a WebGL context and a timer: free them when leaving the session. */
  let disposeReplay: () => void = () => {};

  async function showOverview() {
    disposeReplay();
    disposeReplay = () => {};
    const { study: id, from: f, to: t } = range();
    try {
      const [list, presence, taught, studied, feelings] = await Promise.all([research.sessions(id, f, t), research.attendance(id, f, t), research.lessons(id, f, t), research.selfStudy(id, f, t), research.checkIns(id, f, t)]);
      const items = list.sessions.length === 0 ? [h("li", {}, rt("noSessions"))] : list.sessions.map((s) => sessionItem(s, list.suppressBelow));
      const lessons = taught.lessons.length === 0 ? section(rt("lessons"), h("p", {}, rt("noLessons"))) : section(rt("lessons"), lessonsChart(taught, rt, times), lessonsLegend(rt), lessonsTable(taught, rt, times));
      const selfStudy = studied.students.length === 0 ? section(rt("selfStudy"), h("p", {}, rt("noSelfStudy"))) : section(rt("selfStudy"), selfStudyChart(studied, rt), selfStudyTable(studied, rt, lang));
      out.replaceChildren(
        section(rt("attendance"), attendanceCalendar(presence, rt)),
        section(rt("weekly"), weeklyTrend(presence, rt)),
        lessons,
        selfStudy,
        checkInSection(feelings, lang),
        h("section", { class: "panel" }, h("h2", {}, rt("sessions")), h("ul", { class: "session-list", "aria-label": rt("sessions") }, ...items)),
      );
    } catch {
      out.replaceChildren(h("p", { role: "alert" }, rt("loadFailed")));
    }
  }

  function sessionItem(s: SessionSummary, k: number): HTMLElement {
    const when = timeText(times, s.openedAt, { dateStyle: "medium", timeStyle: "short" });
    const open = h("button", { type: "button", "aria-label": `${rt("open")}: ${rt("session", { date: when })}` }, rt("open"));
    open.addEventListener("click", () => void showSession(s.registration, when));
    const counts = `${s.students === null ? rt("studentsSuppressed", { k }) : rt("students", { n: s.students })} · ${rt("consented", { n: s.consented })}`;
    return h("li", {}, h("span", { class: "when" }, when), h("span", { class: "counts" }, counts), s.interrupted ? h("span", { class: "tag" }, rt("interrupted")) : null, open);
  }

  async function showSession(registration: string, when: string) {
    disposeReplay();
    disposeReplay = () => {};
    try {
      const report = await research.session(study.value, registration);
      const ladder = ladderBars(report, rt);
      const median = (xs: number[]) => (xs.length === 0 ? null : [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null);
      const fmt = (ms: number | null) => (ms === null ? rt("none") : ms >= 60_000 ? rt("minutes", { n: Math.round(ms / 60_000) }) : rt("seconds", { n: Math.round(ms / 1000) }));
      const greetings = report.participants.filter((p) => p.role === "student" && p.greetedAfterMs !== null).map((p) => p.greetedAfterMs as number);
      const back = h("button", { type: "button" }, rt("back"));
      back.addEventListener("click", () => void showOverview());
      const samples = report.heatmap.counts.reduce((a, b) => a + b, 0);
      const replaySlot = h("div", { class: "replay-slot" });
      const openReplay = h("button", { type: "button" }, rt("openReplay"));
      openReplay.addEventListener("click", async () => {
        openReplay.disabled = true;
        try {
          const panel = await replayPanel(await research.replay(study.value, registration), rt, report.openedAt, times);
          disposeReplay = panel.dispose;
          replaySlot.replaceChildren(panel.element);
          panel.element.scrollIntoView({ block: "center" });
        } catch {
          replaySlot.replaceChildren(h("p", { role: "alert" }, rt("loadFailed")));
        }
      });
      out.replaceChildren(
        h("h2", { tabindex: -1, id: "session-title" }, rt("session", { date: when })),
        back,
        section(rt("timeline"), timelineChart(report, rt, lang), zoneLegend(lang)),
        section(rt("zoneTime"), zoneBars(report, rt, lang)),
        section(rt("ladder"), ladder.svg, h("p", {}, ladder.summary)),
        section(rt("response"), h("p", {}, rt("greetMedian", { v: fmt(median(greetings)) })), h("p", {}, rt("helpMedian", { v: fmt(median(report.helpWaitMs)) }))),
        section(rt("interactions"), h("p", {}, rt("interactionsText", { s: report.interactions.studentLines, t: report.interactions.staffLines, a: report.interactions.staffActionsTowardStudents }))),
        section(rt("heatmap"), heatmapCanvas(report.heatmap, rt("heatmapSummary", { n: samples }), lang), h("p", {}, rt("heatmapSummary", { n: samples }))),
        section(rt("replay"), openReplay, replaySlot),
      );
      document.getElementById("session-title")?.focus();
    } catch {
      out.replaceChildren(h("p", { role: "alert" }, rt("loadFailed")));
    }
  }

  await showOverview();
}

function section(title: string, ...body: Array<Node | null>): HTMLElement {
  const heading = h("h3", {}, title);
  const el = h("section", { class: "panel chart-panel" }, heading, ...body);
  setText(heading, title);
  return el;
}
