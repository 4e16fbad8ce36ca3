import { Attendance, ResearchStudies, SessionList, SessionReport } from "../../shared/research/report.ts";
import { Replay } from "../../shared/research/replay.ts";
import { LessonList } from "../../shared/research/lessons.ts";
import { SelfStudyList } from "../../shared/research/selfStudy.ts";
import { api } from "../net/api.ts";
import { CheckInResearch } from "../../shared/protocol/checkIn.ts";

/** The research API, every answer checked against shared/research before it is drawn. */
const range = (study: string, from: number, to: number) => `study=${encodeURIComponent(study)}&from=${from}&to=${to}`;

export const studies = () => api("GET", "/research/studies", undefined, ResearchStudies);
export const sessions = (study: string, from: number, to: number) => api("GET", `/research/sessions?${range(study, from, to)}`, undefined, SessionList);
export const session = (study: string, registration: string) => api("GET", `/research/sessions/${encodeURIComponent(registration)}?study=${encodeURIComponent(study)}`, undefined, SessionReport);
export const attendance = (study: string, from: number, to: number) => api("GET", `/research/attendance?${range(study, from, to)}`, undefined, Attendance);
export const lessons = (study: string, from: number, to: number) => api("GET", `/research/lessons?${range(study, from, to)}`, undefined, LessonList);
export const selfStudy = (study: string, from: number, to: number) => api("GET", `/research/self-study?${range(study, from, to)}`, undefined, SelfStudyList);
export const checkIns = (study: string, from: number, to: number) => api("GET", `/research/check-ins?${range(study, from, to)}`, undefined, CheckInResearch);
export const exportUrl = (study: string, format: string, from: number, to: number) => `/api/research/export?${range(study, from, to)}&format=${format}`;
export const replay = (study: string, registration: string) => api("GET", `/research/sessions/${encodeURIComponent(registration)}/replay?study=${encodeURIComponent(study)}`, undefined, Replay);
