import type { Me } from "../../shared/protocol/http.ts";
import { signIn } from "../net/api.ts";
import { h, setText } from "../ui/dom.ts";
import { field, whileBusy } from "./form.ts";
import { type StaffTranslate, apiErrorKey } from "./i18n.ts";
import type { SchoolSignInProblem } from "../../shared/protocol/schoolSignIn.ts";
import type { StaffKey } from "./dictionary.ts";

/** Why a school sign-in came back without a session, in the staff page's words. */
const SCHOOL_PROBLEM_KEYS: Record<SchoolSignInProblem, StaffKey> = {
  not_set_up: "schoolNotSetUp",
  expired: "schoolExpired",
  refused: "schoolRefused",
  wrong_school: "schoolWrongSchool",
  unknown_account: "schoolUnknownAccount",
  provider_error: "schoolSignInFailed",
};

/** Whose door this is, when not the counsellors' own (the research page says it is the researchers'). */
export interface DoorWords {
  brand: string;
  title: string;
}

/** The staff door: user name and password. Calls back with whoever signed in. */
export function signInForm(st: StaffTranslate, onSignedIn: (me: Me) => void, words?: DoorWords): HTMLElement {
  const user = field({ id: "staff-username", label: st("username"), autocomplete: "username", required: true, maxlength: 40 });
  const pass = field({ id: "staff-password", label: st("password"), type: "password", autocomplete: "current-password", required: true, maxlength: 200 });
  const submit = h("button", { type: "submit", class: "primary" }, st("signIn"));
  const error = h("p", { class: "form-error", role: "alert" });
  const form = h("form", { class: "staff-form", novalidate: true, "aria-labelledby": "sign-in-title" }, user.wrap, pass.wrap, error, submit);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const username = user.input.value.trim();
    const password = pass.input.value;
    if (!username || !password) {
      setText(error, st("errMissing"));
      (username ? pass.input : user.input).focus();
      return;
    }
    setText(error, "");
    void whileBusy(submit, async () => {
      try {
        onSignedIn(await signIn(username, password));
      } catch (err) {
        pass.input.value = "";
        setText(error, st(apiErrorKey(err)));
        pass.input.focus();
      }
    });
  });

  // Signing in with the school's account (issue 18): offered where the address names the
  // organisation (the link its admin shares: /staff?school=<id>); its outcome comes back as ?signin=.
  const params = new URLSearchParams(location.search);
  const problem = params.get("signin");
  if (problem) setText(error, st(SCHOOL_PROBLEM_KEYS[problem as SchoolSignInProblem] ?? "schoolSignInFailed"));
  const schoolOrg = params.get("school");
  const school = schoolOrg
    ? h("p", { class: "school-sign-in" }, h("a", { class: "button-link", href: `/api/school-sign-in/start?org=${encodeURIComponent(schoolOrg)}&who=staff` }, `🏫 ${st("schoolSignIn")}`))
    : null;
  return h("main", { class: "screen staff-door" }, h("p", { class: "brand" }, words?.brand ?? st("pageTitle")), h("h1", { id: "sign-in-title" }, words?.title ?? st("signInTitle")), school, form);
}
