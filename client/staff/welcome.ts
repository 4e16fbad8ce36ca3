import { Me, WelcomeInfo } from "../../shared/protocol/http.ts";
import { ApiError, api } from "../net/api.ts";
import { h, setText } from "../ui/dom.ts";
import { field, newPasswordField, passwordTooShort, whileBusy } from "./form.ts";
import { type StaffTranslate, apiErrorKey } from "./i18n.ts";

/**
 * A welcome link (?welcome=<token>), opened by the person it was made for: it says whose account
 * it is, and they choose their own password (the setup form's rules), once, and are signed in.
 * Nobody else has known a password for this account. A used, old or replaced link says why and
 * what to do. The token leaves the address bar once it is spent.
 */
export function welcomePage(st: StaffTranslate, token: string, onDone: (me: Me) => void): HTMLElement {
  const status = h("p", { class: "lead", role: "status" }, st("welcomeLoading"));
  const page = h("main", { class: "screen staff-door welcome" }, h("p", { class: "brand" }, st("pageTitle")), status);
  void api("POST", "/welcome/look", { token }, WelcomeInfo).then(
    (info) => {
      status.remove();
      page.append(...welcomeForm(st, token, info, onDone));
      page.querySelector<HTMLInputElement>("input[type=password]")?.focus();
    },
    (error: unknown) => {
      status.remove();
      page.append(...unusable(st, error));
      page.querySelector<HTMLElement>("h1")?.focus();
    },
  );
  return page;
}

function welcomeForm(st: StaffTranslate, token: string, info: WelcomeInfo, onDone: (me: Me) => void): HTMLElement[] {
  const name = { name: info.displayName, org: info.orgName };
  // The user name is shown in a read-only box, so a password manager saves the new password under it.
  const user = field({ id: "welcome-username", label: st("username"), autocomplete: "username", maxlength: 40 });
  user.input.value = info.username;
  user.input.readOnly = true;
  const pass = newPasswordField(st, "welcome-password", st(info.reset ? "newPassword" : "password"));
  const again = field({ id: "welcome-password-again", label: st("passwordAgain"), type: "password", autocomplete: "new-password", required: true, maxlength: 200 });
  const submit = h("button", { type: "submit", class: "primary" }, st(info.reset ? "resetSubmit" : "welcomeSubmit"));
  const error = h("p", { class: "form-error", role: "alert" });
  const form = h("form", { class: "staff-form", novalidate: true, "aria-labelledby": "welcome-title" }, user.wrap, pass.wrap, again.wrap, error, submit);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const password = pass.input.value;
    if (passwordTooShort(st, pass.input, error)) return;
    if (again.input.value !== password) {
      setText(error, st("errPasswordMismatch"));
      again.input.focus();
      return;
    }
    setText(error, "");
    void whileBusy(submit, async () => {
      try {
        const me = await api("POST", "/welcome", { token, password }, Me);
        forgetWelcomeToken();
        onDone(me);
      } catch (err) {
        setText(error, st(apiErrorKey(err)));
        if (err instanceof ApiError && err.code.startsWith("welcome_")) {
          // Spent or replaced meanwhile (another tab, say): nothing more to try with this link.
          submit.disabled = true;
          form.after(signInLink(st));
        }
      }
    });
  });

  return [
    h("h1", { id: "welcome-title" }, st(info.reset ? "resetTitle" : "welcomeTitle")),
    h("p", { class: "lead" }, st(info.reset ? "resetLead" : "welcomeLead", name)),
    h("p", { class: "welcome-until" }, st("welcomeUntil", { date: dateTime(info.expiresAt) })),
    form,
  ];
}

/** A link that cannot be used: why, and what to do instead. */
function unusable(st: StaffTranslate, error: unknown): HTMLElement[] {
  return [
    h("h1", { id: "welcome-title", tabindex: -1 }, st("welcomeBadTitle")),
    h("p", { class: "form-error", role: "alert" }, st(apiErrorKey(error))),
    signInLink(st),
  ];
}

function signInLink(st: StaffTranslate): HTMLElement {
  const url = new URL(location.href);
  url.searchParams.delete("welcome");
  return h("p", {}, h("a", { href: url.pathname + url.search }, st("toSignIn")));
}

function dateTime(at: number): string {
  const en = document.documentElement.lang === "en";
  return new Date(at).toLocaleString(en ? "en-GB" : "ja-JP", { dateStyle: "long", timeStyle: "short" });
}

function forgetWelcomeToken(): void {
  const url = new URL(location.href);
  url.searchParams.delete("welcome");
  history.replaceState(null, "", url.pathname + url.search + url.hash);
}
