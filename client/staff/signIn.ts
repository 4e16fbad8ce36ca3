import type { Me } from "../../shared/protocol/http.ts";
import { signIn } from "../net/api.ts";
import { h, setText } from "../ui/dom.ts";
import { field, whileBusy } from "./form.ts";
import { type StaffTranslate, apiErrorKey } from "./i18n.ts";

/** The staff door: user name and password. Calls back with whoever signed in. */
export function signInForm(st: StaffTranslate, onSignedIn: (me: Me) => void): HTMLElement {
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

  return h("main", { class: "screen staff-door" }, h("p", { class: "brand" }, st("pageTitle")), h("h1", { id: "sign-in-title" }, st("signInTitle")), form);
}
