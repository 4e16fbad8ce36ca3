import { EXPORT_FORMATS, type ExportFormat } from "../../shared/research/report.ts";
import { h, setText } from "../ui/dom.ts";
import { exportUrl } from "./api.ts";
import type { ResearchKey, ResearchTranslate } from "./dictionary.ts";

const LABEL: Record<ExportFormat, ResearchKey> = { csv: "exportCsv", lessons: "exportLessons", jsonl: "exportJsonl", xapi: "exportXapi" };

/**
 * Export buttons. The file streams from the server; progress counts the sessions seen so far
 * against the total the server announces, so a year-long export shows it is moving.
 */
export function exportPanel(rt: ResearchTranslate, range: () => { study: string; from: number; to: number }): HTMLElement {
  const bar = h("progress", { max: 1, value: 0, hidden: true, "aria-label": rt("exports") });
  const status = h("p", { class: "export-status", role: "status" });
  const buttons = EXPORT_FORMATS.map((format) => {
    const button = h("button", { type: "button" }, rt(LABEL[format]));
    button.addEventListener("click", () => void run(format, button));
    return button;
  });

  async function run(format: ExportFormat, button: HTMLButtonElement) {
    const { study, from, to } = range();
    for (const b of buttons) b.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    try {
      const response = await fetch(exportUrl(study, format, from, to), { credentials: "same-origin" });
      if (!response.ok || !response.body) throw new Error(String(response.status));
      const total = Number(response.headers.get("x-hidamari-sessions") ?? "0");
      bar.max = Math.max(1, total);
      const parts: Uint8Array[] = [];
      const seen = new Set<string>();
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        // Every format names the session's registration UUID on each row or statement.
        for (const m of decoder.decode(value, { stream: true }).matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g)) seen.add(m[0]);
        bar.value = Math.min(total, seen.size);
        setText(status, rt("exporting", { done: Math.min(total, seen.size), total }));
      }
      bar.value = bar.max;
      const blob = new Blob(parts as BlobPart[], { type: response.headers.get("content-type") ?? "application/octet-stream" });
      const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? `hidamari.${format}`;
      const link = h("a", { href: URL.createObjectURL(blob), download: name, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setText(status, rt("exported", { size: `${Math.ceil(blob.size / 1024)} KB` }));
    } catch {
      setText(status, rt("exportFailed"));
    } finally {
      for (const b of buttons) b.disabled = false;
      button.focus();
    }
  }

  return h("section", { class: "panel exports", "aria-labelledby": "exports-title" }, h("h2", { id: "exports-title" }, rt("exports")), h("div", { class: "export-buttons" }, ...buttons), bar, status);
}
