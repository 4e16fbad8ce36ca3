import { randomBytes } from "node:crypto";
import { sampleLook } from "../../shared/domain/avatar.ts";
import { QUESTION_PHRASE_IDS } from "../../shared/domain/lesson.ts";
import { DID_PRESETS, GOAL_PRESETS } from "../../shared/domain/study.ts";
import type { ConsentLevel } from "../../shared/research/consent.ts";
import type { Services } from "../services.ts";
import { Bot, PLACES, sleep } from "./bots.ts";

/**
 * A month of synthetic school days, played by bots through the real server and logging path,
 * with the log's clock set to each past day and running fast (one real second ≈ `speed` seconds).
 * Students differ: some come daily, some rarely; over the weeks more of them react, write and
 * ask to talk, so the dashboard has growth to show.
 */
export interface DemoOptions {
  services: Services & { clock: { now(): number; set?(base: number, speed: number): void } };
  /** A running server on these services. */
  url: string;
  days: number;
  secondsPerSession: number;
  speed: number;
  onProgress?: (done: number, total: number) => void;
}

const NICKNAMES = ["はるか", "そら", "ゆい", "りく", "Ken", "みお", "ひなた", "あおい", "Mia", "そうた", "こはる", "れん"];
const CONSENT: ConsentLevel[] = ["activity_chat", "activity", "activity", "activity_chat", "activity", "none", "activity", "activity", "activity_chat", "activity", "none", "activity"];
/** A lesson a day, subjects in turn (the research view's lessons; titles are never logged). */
const LESSONS = [
  { title: "わり算", subject: "maths", grade: 4 },
  { title: "漢字の れんしゅう", subject: "japanese", grade: 3 },
  { title: "天気の 変化", subject: "science", grade: 5 },
  { title: "Hello, friends", subject: "english", grade: 7 },
  { title: "朝の会", subject: "homeroom", grade: 0 },
] as const;
/** The day's quick check, asked a little after the lesson begins (its words are never logged either). */
const CHECKS = [
  { kind: "choice", question: "きょうの じゅぎょう、どうだった？", choices: ["わかった", "すこし わかった", "むずかしかった"] },
  { kind: "choice", question: "3 + 4 は？", choices: ["6", "7", "8"], correct: 1 },
] as const;
/** A goal in a child's own words, now and then (kept in the store for the child; the log keeps only its length). */
const OWN_GOALS = ["けいさん プリント 2まい", "すきな 本を よむ", "かんじ 10こ"];
const LINES = ["おはよう", "きょうは ちょっと ねむい", "この本 おもしろいよ", "しゅくだい むずかしい", "えを かいたよ", "またね", "Good morning", "I like this place"];

export async function runDemo(options: DemoOptions) {
  const { services, url, days, secondsPerSession, speed } = options;
  const { directory, studies } = services;
  const org = await directory.createOrganisation("ひだまり デモ教育支援センター");
  // Each demo account its own password: one leaked note should not open both doors.
  const password = randomBytes(9).toString("base64url");
  const researcherPassword = randomBytes(9).toString("base64url");
  const counsellor = await directory.addStaff({ orgId: org.id, username: `demo-counsellor-${org.id.slice(0, 4)}`, displayName: "さとう先生", role: "counsellor", password });
  const researcher = await directory.addStaff({ orgId: org.id, username: `demo-researcher-${org.id.slice(0, 4)}`, displayName: "けんきゅう", role: "researcher", password: researcherPassword });
  const study = await studies.create(org.id, "デモ研究 2026");
  // A learning site for the self-study desks (its name and address never reach the log: only its id).
  const site = await services.selfStudy.addSite(org.id, "NHK for School", "https://www.nhk.or.jp/school/");
  const students = [];
  for (const [i, nickname] of NICKNAMES.entries()) {
    const { student, code } = await directory.registerStudent({ orgId: org.id, nickname });
    await directory.setConsent(student.id, CONSENT[i] ?? "activity", counsellor.id);
    // Attendance: a few come nearly daily, most often, some rarely; participation grows over time.
    students.push({ nickname, code, attendance: [0.9, 0.85, 0.7, 0.6, 0.6, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2][i] ?? 0.4, shy: i % 3 });
  }

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}/api${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  };
  const schoolDays = pastSchoolDays(days);
  for (const [index, day] of schoolDays.entries()) {
    services.clock.set?.(day.getTime(), speed);
    const week = index / Math.max(1, schoolDays.length - 1); // 0 → 1 over the month
    const host = await Bot.join(url, await post("/staff/sign-in", { username: counsellor.username, password }), org.id, { colour: "sun", accessory: "glasses" });
    const queue: Array<{ id: string }> = [];
    host.room.onMessage("queue", (payload: { items: Array<{ id: string }> }) => queue.splice(0, queue.length, ...payload.items));
    // The counsellor goes to the classroom and starts the day's lesson while the children arrive.
    const teaching = host
      .walk(PLACES.classroom ?? [])
      .then(() => host.room.send("startLesson", LESSONS[index % LESSONS.length] ?? { title: "じゅぎょう" }))
      .then(() => sleep(secondsPerSession * 150))
      .then(() => host.room.send("startPoll", CHECKS[index % CHECKS.length] ?? CHECKS[0]));
    const lives = students
      .filter((s) => Math.random() < s.attendance)
      .map(async (s, i) => {
        await sleep(Math.random() * secondsPerSession * 250); // arrivals spread over the first quarter
        const bot = await Bot.join(url, await post("/enter", { code: s.code }), org.id, sampleLook(i));
        // The counsellor notices and says hello after a while.
        setTimeout(() => host.room.send("greet", { target: bot.room.sessionId }), 800 + Math.random() * 2500);
        await life(bot, s.shy, week, secondsPerSession, site?.id);
        await bot.leave();
      });
    const answering = setInterval(() => {
      const item = queue[0];
      if (item && Math.random() < 0.5) host.room.send("answerHelp", { id: item.id });
      if (Math.random() < 0.3) host.room.send("nextHand", {});
    }, 700);
    await Promise.all(lives);
    clearInterval(answering);
    await teaching;
    host.room.send("endLesson", {});
    host.room.send("closeSpace", {});
    await sleep(800);
    await host.leave();
    options.onProgress?.(index + 1, schoolDays.length);
  }
  return { org, study, counsellor: { username: counsellor.username, password }, researcher: { username: researcher.username, password: researcherPassword } };
}

/**
 * One student's visit: walk somewhere, maybe react, maybe write, maybe ask for help. About half go
 * to the lesson instead, and stay there until they leave; some study at a self-study desk.
 */
async function life(bot: Bot, shy: number, progress: number, seconds: number, site: string | undefined) {
  const until = Date.now() + seconds * (0.4 + Math.random() * 0.5) * 1000;
  const courage = Math.min(1, 0.15 + progress * 0.6 - shy * 0.1);
  if (Math.random() < 0.5) bot.status(Math.random() < 0.6 ? "looking" : "break");
  if (Math.random() < 0.5) return lesson(bot, courage, until);
  if (Math.random() < 0.35) return selfStudy(bot, until, site);
  while (Date.now() < until) {
    const roll = Math.random();
    if (roll < 0.45) {
      const place = (["rug", "quiet", "classroom"] as const)[Math.floor(Math.random() * 3)] ?? "rug";
      const path = PLACES[place] ?? [];
      await bot.walk(path);
      await sleep(1000 + Math.random() * 2000);
      await bot.walkBack(path);
    } else if (roll < 0.45 + courage * 0.3) {
      bot.emote((["wave", "smile", "thumbs_up", "raise_hand"] as const)[Math.floor(Math.random() * 4)] ?? "wave");
    } else if (roll < 0.45 + courage * 0.5) {
      if (Math.random() < 0.5) bot.phrase("hello");
      else bot.say(LINES[Math.floor(Math.random() * LINES.length)] ?? "おはよう");
    } else if (roll < 0.45 + courage * 0.55) {
      bot.room.send(Math.random() < 0.5 ? "help" : "askToTalk", {});
    }
    await sleep(800 + Math.random() * 1500);
  }
}

/** At the lesson: sit down, maybe raise a hand or ask with a phrase, maybe stand up again, until it is time to go. */
async function lesson(bot: Bot, courage: number, until: number) {
  await bot.walk(PLACES.classroom ?? []);
  await bot.sit();
  await sleep(600 + Math.random() * 1200);
  if (Math.random() < courage + 0.3) bot.room.send("hand", { raised: true });
  await sleep(600 + Math.random() * 1200);
  if (Math.random() < courage) bot.room.send("question", { phrase: QUESTION_PHRASE_IDS[Math.floor(Math.random() * QUESTION_PHRASE_IDS.length)] ?? "unsure" });
  // The quick check, once it comes: most answer, some would rather not, some let it pass by.
  for (let waited = 0; waited < 3000 && !bot.poll; waited += 200) await sleep(200);
  const poll = bot.poll;
  if (poll && Math.random() < 0.85) {
    const pass = Math.random() < 0.2 || poll.choices === 0;
    bot.room.send("answerPoll", pass ? { poll: poll.id, pass: true } : { poll: poll.id, choice: Math.floor(Math.random() * poll.choices) });
  }
  if (Math.random() < 0.3) {
    await sleep(800 + Math.random() * 1200);
    bot.room.send("stand", {});
  }
  while (Date.now() < until) await sleep(300);
}

/** At a self-study desk: sit, maybe set a goal, maybe open the learning site and come back, and say what was done (or not). */
async function selfStudy(bot: Bot, until: number, site: string | undefined) {
  await bot.walk(PLACES.quiet ?? []);
  if (!(await bot.sit())) return;
  const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)];
  const roll = Math.random();
  if (roll < 0.55) bot.room.send("studyGoal", { preset: pick(GOAL_PRESETS) ?? "homework" });
  else if (roll < 0.85) bot.room.send("studyGoal", { text: pick(OWN_GOALS) ?? "べんきょう" });
  if (site && Math.random() < 0.5) {
    await sleep(400);
    bot.room.send("studySite", { site, event: "opened" });
    await sleep(600 + Math.random() * 800);
    if (Math.random() < 0.8) bot.room.send("studySite", { site, event: "returned" });
  }
  while (Date.now() < until) await sleep(300);
  const end = Math.random();
  bot.room.send("studyEnd", end < 0.6 ? { did: pick(DID_PRESETS) ?? "a_little" } : end < 0.75 ? { text: "プリント おわった" } : {});
  await sleep(300);
}

/** The last `count` weekdays before today, each at 09:30 local time. */
function pastSchoolDays(count: number): Date[] {
  const days: Date[] = [];
  const d = new Date();
  d.setHours(9, 30, 0, 0);
  while (days.length < count) {
    d.setDate(d.getDate() - 1);
    if (d.getDay() !== 0 && d.getDay() !== 6) days.unshift(new Date(d));
  }
  return days;
}
