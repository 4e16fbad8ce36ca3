import "../style.css";
import "./staff.css";
import type { Me } from "../../shared/protocol/http.ts";
import { loadWords, pickLang, translator } from "../i18n/index.ts";
import { whoAmI } from "../net/api.ts";
import { Prefs } from "../prefs.ts";
import { applyDisplay, systemReducedMotion } from "../ui/display.ts";
import { StaffHome, type StaffMe } from "./home.ts";
import { staffTranslator } from "./i18n.ts";
import { setupForm } from "./setup.ts";
import { signInForm } from "./signIn.ts";
import { welcomePage } from "./welcome.ts";
import { spaceDoor } from "./space.ts";
import { wasInSpace } from "./inSpace.ts";
import { languageSwitch } from "../ui/langSwitch.ts";
import { h } from "../ui/dom.ts";

/**
 * The staff page's composition root: first-start setup, a welcome link (a new account's person
 * chooses their password), or sign-in, then the signed-in page from which a counsellor opens the
 * space (with the console) or manages students.
 */
const lang = pickLang(location.search);
await loadWords(lang);
const t = translator(lang); // the shared space's words
const st = staffTranslator(lang); // the staff page's own words
document.documentElement.lang = lang;
document.title = st("pageTitle");
applyDisplay(new Prefs().display(systemReducedMotion()));

function signedIn(root: HTMLElement, me: StaffMe): void {
  const home: StaffHome = new StaffHome(st, lang, me, (plazaId) => void open(plazaId));
  home.header.append(languageSwitch(lang));
  const open = spaceDoor({ root, home, me, t, st, lang });
  root.replaceChildren(home.element);
  void home.start();
  // Reloaded while in the space: straight back in (client/staff/inSpace.ts).
  const back = wasInSpace();
  if (back) void open(back.plazaId);
}

function door(root: HTMLElement, form: (done: (me: Me) => void) => HTMLElement): void {
  const element = form((me) => {
    if (me.kind === "staff") signedIn(root, me);
  });
  element.prepend(h("p", { class: "lang-line" }, languageSwitch(lang)));
  root.replaceChildren(element);
  element.querySelector("input")?.focus();
}

async function boot(root: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  const token = params.get("setup");
  if (token) return door(root, (done) => setupForm(st, token, done));
  const welcome = params.get("welcome");
  if (welcome) return door(root, (done) => welcomePage(st, welcome, done));
  const me = await whoAmI().catch(() => null); // 401 or no network: the sign-in form says the rest
  if (me?.kind === "staff") signedIn(root, me);
  else door(root, (done) => signInForm(st, done));
}

const root = document.getElementById("app");
if (root) void boot(root);
