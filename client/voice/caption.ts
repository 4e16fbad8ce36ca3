import type { Lang } from "../i18n/index.ts";
import { h } from "../ui/dom.ts";

/**
 * A caption in the chat log when someone starts to speak after a silence: "〇〇 🔊 spoke by voice
 * (10:31)". Local to this page (nothing is sent or kept); the log is a polite live region, so a
 * screen reader hears it once, and the speaking rules (speaking.ts) keep it to one line per person
 * per silence.
 */
export function captionLine(chat: HTMLElement, lang: Lang, nickname: string, text: string, at = Date.now()): HTMLElement | null {
  const lines = chat.querySelector(".chat-lines");
  const log = chat.querySelector(".chat-log");
  if (!lines) return null;
  const time = new Date(at).toLocaleTimeString(lang === "ja" ? "ja-JP" : "en-GB", { hour: "2-digit", minute: "2-digit" });
  const item = h("li", { class: "chat-line voice-caption" }, h("span", { class: "chat-meta" }, time), h("span", { class: "chat-name" }, nickname), h("span", { class: "chat-text" }, text));
  lines.append(item);
  if (log) log.scrollTop = log.scrollHeight;
  return item;
}
