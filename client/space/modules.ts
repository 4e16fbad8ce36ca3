import type { Translate } from "../i18n/index.ts";
import type { SpaceModules } from "./shell.ts";
import type { LoadingScreen } from "../ui/loading.ts";
import { loadAsk, loadBoardViewer, loadExhibitWall, loadLesson, loadStudy } from "./lessonLoader.ts";

/** The door's turning character (issue 17): a student's first visit loads it at boot, beside the scene it shares its code with. */
export const loadLookPreview = () => import("../scene/lookPreview.ts");

/** The heavy parts (three.js, the SDK, howler), loaded behind the progress bar by every page that enters the space. */
export async function loadSpaceModules(loading: LoadingScreen, t: Translate): Promise<SpaceModules> {
  loading.progress(0.05, t("loadingEngine"));
  const scene = await import("../scene/SpaceView.ts");
  loading.progress(0.6, t("loadingNet"));
  const net = await import("../net/connection.ts");
  loading.progress(0.8, t("loadingSound"));
  const audio = await import("../audio/cues.ts");
  loading.progress(1, t("loadingDone"));
  return { SpaceView: scene.SpaceView, Connection: net.Connection, SoundCues: audio.SoundCues, loadLesson, loadBoardViewer, loadAsk, loadExhibitWall, loadStudy };
}
