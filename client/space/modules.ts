import type { Translate } from "../i18n/index.ts";
import type { SpaceModules } from "./shell.ts";
import { loadAsk, loadBoardViewer, loadExhibitWall, loadLesson, loadStudy } from "./lessonLoader.ts";

/** The door's turning character (issue 17): a student's first visit loads it at boot, beside the scene it shares its code with. */
export const loadLookPreview = () => import("../scene/lookPreview.ts");

/** What shows how far the loading is: the staff page's loading screen, or the student's door (client/ui/join.ts). */
export interface LoadingProgress {
  progress(fraction: number, step: string): void;
}

/** The heavy parts (three.js, the SDK, howler), loaded behind a progress bar by every page that enters the space. */
export async function loadSpaceModules(loading: LoadingProgress, t: Translate): Promise<SpaceModules> {
  // All three are fetched at once (on LTE each waited a round trip and its download behind the
  // one before); the bar moves on as each arrives, three.js being by far the largest.
  loading.progress(0.05, t("loadingEngine"));
  const net = import("../net/connection.ts");
  const audio = import("../audio/cues.ts");
  // Should the scene fail first, these are not awaited: their own failure is not news.
  for (const later of [net, audio]) later.catch(() => undefined);
  const scene = await import("../scene/SpaceView.ts");
  loading.progress(0.6, t("loadingNet"));
  const { Connection } = await net;
  loading.progress(0.8, t("loadingSound"));
  const { SoundCues } = await audio;
  loading.progress(1, t("loadingDone"));
  return { SpaceView: scene.SpaceView, Connection, SoundCues, loadLesson, loadBoardViewer, loadAsk, loadExhibitWall, loadStudy };
}
