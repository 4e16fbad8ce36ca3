import { type LrsEndpointView, LrsTestResult, LrsView } from "../../../shared/protocol/lrs.ts";
import { api } from "../../net/api.ts";
import { h, setText } from "../../ui/dom.ts";
import { field, showingErrors, whileBusy } from "../form.ts";
import type { StaffTranslate } from "../i18n.ts";

/**
 * Records to the school's LRS (issue 19), as the admin sets them: an xAPI endpoint per study
 * (address, key, secret: sent only when typed, never shown again), and for each how sending goes:
 * how many statements were sent, are waiting, were refused (each with the LRS's reason), the
 * last error and the next try; "send again" for the refused, and "test connection".
 */
export class LrsPanel {
  readonly element: HTMLElement;
  readonly #status = h("p", { class: "registry-status", role: "status" });
  readonly #error = h("p", { class: "form-error", role: "alert" });
  readonly #list = h("div", { class: "lrs-endpoints" });
  readonly #study = h("select", { id: "lrs-study" });
  readonly #addFields = h("fieldset", { class: "lrs-fields", disabled: true });

  constructor(private readonly st: StaffTranslate) {
    const url = field({ id: "lrs-url", label: st("lrsUrl"), required: true, maxlength: 300, hint: st("lrsUrlHint") });
    const key = field({ id: "lrs-key", label: st("lrsKey"), required: true, maxlength: 200 });
    const secret = field({ id: "lrs-secret", label: st("lrsSecret"), type: "password", required: true, maxlength: 500 });
    const enabled = h("input", { id: "lrs-enabled", type: "checkbox", checked: true });
    const add = h("button", { type: "submit", class: "primary" }, st("lrsAdd"));
    this.#addFields.append(h("div", { class: "staff-field" }, h("label", { for: "lrs-study" }, st("lrsStudy")), this.#study), url.wrap, key.wrap, secret.wrap, h("label", { class: "timetable-check" }, enabled, st("lrsEnabled")), add);
    const form = h("form", { class: "staff-form", novalidate: true }, this.#addFields);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!this.#study.value) return setText(this.#error, st("lrsNoStudy"));
      for (const f of [url, key, secret]) if (!f.input.value.trim()) return f.input.focus();
      const body = { study: this.#study.value, url: url.input.value.trim(), key: key.input.value.trim(), secret: secret.input.value, enabled: enabled.checked };
      void whileBusy(add, async () => {
        const view = await this.#call(() => api("POST", "/admin/lrs", body, LrsView));
        if (!view) return;
        for (const f of [url, key, secret]) f.input.value = "";
        this.#show(view, st("lrsAdded"));
      });
    });
    // Sending goes on by itself; the page reads how it stands when asked.
    const refresh = h("button", { type: "button", class: "small" }, st("lrsRefresh"));
    refresh.addEventListener("click", () => void whileBusy(refresh, () => this.load()));
    this.element = h(
      "section",
      { class: "registry lrs-panel", "aria-labelledby": "lrs-title" },
      h("h2", { id: "lrs-title" }, `📤 ${st("lrsTitle")}`),
      h("p", { class: "lead" }, st("lrsLead")),
      this.#status,
      this.#error,
      h("p", {}, refresh),
      this.#list,
      h("h3", {}, st("lrsAdd")),
      form,
    );
  }

  async load(): Promise<void> {
    const view = await this.#call(() => api("GET", "/admin/lrs", undefined, LrsView));
    if (view) this.#show(view, null);
  }

  #show(view: LrsView, status: string | null): void {
    const chosen = this.#study.value;
    this.#study.replaceChildren(...view.studies.map((s) => h("option", { value: s.id }, s.name)));
    if (view.studies.some((s) => s.id === chosen)) this.#study.value = chosen;
    this.#addFields.disabled = false;
    this.#list.replaceChildren(...(view.endpoints.length ? view.endpoints.map((e) => this.#endpoint(e)) : [h("p", {}, this.st("lrsNone"))]));
    if (status !== null) setText(this.#status, status);
  }

  /** One endpoint: what it is, how sending goes, what was refused and why, and what the admin can do. */
  #endpoint(e: LrsEndpointView): HTMLElement {
    const st = this.st;
    const when = (at: number | null) => (at === null ? st("lrsNever") : new Date(at).toLocaleString(document.documentElement.lang === "en" ? "en-GB" : "ja-JP", { dateStyle: "short", timeStyle: "medium" }));
    const pair = (term: string, value: string, cls = "") => [h("dt", {}, term), h("dd", { class: cls }, value)];
    const title = `${e.study.name} → ${e.url}`;
    const counts = h(
      "dl",
      { class: "lrs-counts" },
      ...pair(st("lrsCountSent"), String(e.counts.sent), "lrs-sent"),
      ...pair(st("lrsCountWaiting"), String(e.counts.waiting), "lrs-waiting"),
      ...pair(st("lrsCountRefused"), String(e.counts.refused), "lrs-refused"),
      ...pair(st("lrsCountWithheld"), String(e.counts.withheld)),
      ...pair(st("lrsLastSent"), when(e.lastSentAt)),
      ...(e.lastError ? pair(st("lrsLastError"), `${e.lastError}（${when(e.lastErrorAt)}）`, "lrs-error") : []),
      ...(e.nextRetryAt !== null ? pair(st("lrsNextRetry"), when(e.nextRetryAt)) : []),
    );
    const refused = e.refused.length
      ? [
          h("h4", {}, st("lrsRefusedList")),
          h("ul", { class: "admin-list lrs-refusals" }, ...e.refused.map((r) => h("li", {}, h("code", {}, r.statementId), ` ${r.verb.replace(/^.*\//, "")} · ${r.timestamp}`, h("br"), r.reason))),
        ]
      : [];

    const result = h("p", { class: "registry-status", role: "status" });
    const test = h("button", { type: "button", class: "small" }, st("lrsTest"));
    test.addEventListener("click", () =>
      void whileBusy(test, async () => {
        const r = await this.#call(() => api("POST", `/admin/lrs/${encodeURIComponent(e.id)}/test`, {}, LrsTestResult));
        if (!r) return;
        const key = ({ ok: "lrsTestOk", unreachable: "lrsTestUnreachable", credentials_refused: "lrsTestCredentials", not_an_lrs: "lrsTestNotLrs" } as const)[r.outcome];
        setText(result, st(key, { versions: r.versions.join(", "), detail: r.detail }));
      }),
    );
    const resend = e.counts.refused > 0 ? h("button", { type: "button", class: "small" }, st("lrsResend")) : null;
    resend?.addEventListener("click", () =>
      void whileBusy(resend, async () => {
        const view = await this.#call(() => api("POST", `/admin/lrs/${encodeURIComponent(e.id)}/resend`, {}, LrsView));
        if (view) this.#show(view, st("lrsResent", { n: e.counts.refused }));
      }),
    );
    const remove = h("button", { type: "button", class: "small warn" }, st("lrsRemove"));
    remove.addEventListener("click", () => {
      if (!window.confirm(st("lrsRemoveConfirm"))) return;
      void whileBusy(remove, async () => {
        const view = await this.#call(() => api("DELETE", `/admin/lrs/${encodeURIComponent(e.id)}`, {}, LrsView));
        if (view) this.#show(view, st("lrsRemoved"));
      });
    });

    // Changing the address, key or secret (typed only to change it), or stopping and starting.
    const id = (name: string) => `lrs-${name}-${e.id}`;
    const url = field({ id: id("url"), label: st("lrsUrl"), required: true, maxlength: 300 });
    const key = field({ id: id("key"), label: st("lrsKey"), required: true, maxlength: 200 });
    const secret = field({ id: id("secret"), label: st("lrsNewSecret"), type: "password", maxlength: 500 });
    const enabled = h("input", { id: id("enabled"), type: "checkbox", checked: e.enabled });
    url.input.value = e.url;
    key.input.value = e.key;
    const save = h("button", { type: "submit" }, st("lrsSave"));
    const edit = h("form", { class: "staff-form lrs-edit", novalidate: true }, url.wrap, key.wrap, secret.wrap, h("label", { class: "timetable-check" }, enabled, st("lrsEnabled")), save);
    edit.addEventListener("submit", (event) => {
      event.preventDefault();
      const body = { url: url.input.value.trim(), key: key.input.value.trim(), ...(secret.input.value ? { secret: secret.input.value } : {}), enabled: enabled.checked };
      void whileBusy(save, async () => {
        const view = await this.#call(() => api("PUT", `/admin/lrs/${encodeURIComponent(e.id)}`, body, LrsView));
        if (view) this.#show(view, st("lrsSaved"));
      });
    });
    const details = h("details", {}, h("summary", {}, st("lrsChange")), edit);

    return h(
      "article",
      { class: "lrs-endpoint", "aria-label": title, "data-id": e.id },
      h("h3", {}, e.study.name, " ", e.enabled ? null : h("span", { class: "badge stop" }, st("lrsPaused"))),
      h("p", {}, h("code", {}, e.url), ` · ${st("lrsKey")}: ${e.key} · ${st("lrsSince", { date: when(e.since) })}`),
      counts,
      ...refused,
      h("p", { class: "lrs-actions" }, test, " ", resend, " ", remove),
      result,
      details,
    );
  }

  #call<T>(request: () => Promise<T>): Promise<T | null> {
    return showingErrors(this.st, this.#error, request);
  }
}
