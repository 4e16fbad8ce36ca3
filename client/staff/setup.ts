import { Me } from "../../shared/protocol/http.ts";
import { api } from "../net/api.ts";
import { h, setText } from "../ui/dom.ts";
import { field, newPasswordField, passwordTooShort, whileBusy } from "./form.ts";
import { type StaffTranslate, apiErrorKey } from "./i18n.ts";

/**
 * First start: the server printed a one-time link with ?setup=<token>. This creates the
 * organisation and its administrator, then forgets the token from the address bar.
 */
export function setupForm(st: StaffTranslate, token: string, onDone: (me: Me) => void): HTMLElement {
  const org = field({ id: "setup-organisation", label: st("organisation"), autocomplete: "organization", required: true, maxlength: 80 });
  const display = field({ id: "setup-display-name", label: st("displayName"), autocomplete: "name", required: true, maxlength: 40 });
  const user = field({ id: "setup-username", label: st("username"), autocomplete: "username", required: true, maxlength: 40, hint: st("usernameHint") });
  const pass = newPasswordField(st, "setup-password", st("password"));
  const submit = h("button", { type: "submit", class: "primary" }, st("createAdmin"));
  const error = h("p", { class: "form-error", role: "alert" });
  const form = h("form", { class: "staff-form", novalidate: true, "aria-labelledby": "setup-title" }, org.wrap, display.wrap, user.wrap, pass.wrap, error, submit);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = {
      token,
      organisation: org.input.value.trim(),
      displayName: display.input.value.trim(),
      username: user.input.value.trim(),
      password: pass.input.value,
    };
    const empty = [org, display, user, pass].find((f) => !f.input.value.trim());
    if (empty) {
      setText(error, st("errMissing"));
      empty.input.focus();
      return;
    }
    if (passwordTooShort(st, pass.input, error)) return;
    setText(error, "");
    void whileBusy(submit, async () => {
      try {
        const me = await api("POST", "/setup", body, Me);
        forgetSetupToken();
        onDone(me);
      } catch (err) {
        setText(error, st(apiErrorKey(err)));
      }
    });
  });

  return h(
    "main",
    { class: "screen staff-door" },
    h("p", { class: "brand" }, st("pageTitle")),
    h("h1", { id: "setup-title" }, st("setupTitle")),
    h("p", { class: "lead" }, st("setupLead")),
    form,
  );
}

function forgetSetupToken(): void {
  const url = new URL(location.href);
  url.searchParams.delete("setup");
  history.replaceState(null, "", url.pathname + url.search + url.hash);
}
