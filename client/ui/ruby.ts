import { type ZoneId, zoneById } from "../../shared/domain/zones.ts";
import { type Lang, type MessageKey, READING, fill, localName, template } from "../i18n/index.ts";
import { h } from "./dom.ts";

export type RubyTranslate = (key: MessageKey, params?: Record<string, string | number>) => Array<Node | string>;

/**
 * Furigana: kanji with a reading (漢字《かんじ》) become <ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>.
 * Both forms are in the page and CSS shows one (the `furigana` class on the root), so switching
 * needs no re-render, and with furigana off the text and its accessible name stay exactly plain.
 */
export function rubyNodes(text: string, params?: Record<string, string | number>): Array<Node | string> {
  if (!text.match(READING)) return [fill(text, params)];
  const plain = fill(text.replace(READING, "$1"), params);
  return [h("span", { class: "ruby-off" }, plain), h("span", { class: "ruby-on" }, ...withRuby(text, params))];
}

function withRuby(text: string, params?: Record<string, string | number>): Array<Node | string> {
  const nodes: Array<Node | string> = [];
  let at = 0;
  for (const match of text.matchAll(READING)) {
    const index = match.index ?? 0;
    if (index > at) nodes.push(fill(text.slice(at, index), params));
    nodes.push(h("ruby", {}, match[1] ?? "", h("rp", {}, "("), h("rt", {}, match[2] ?? ""), h("rp", {}, ")")));
    at = index + match[0].length;
  }
  if (at < text.length) nodes.push(fill(text.slice(at), params));
  return nodes;
}

/** Like the translator, but as DOM with furigana where the dictionary has readings. */
export function rubyTranslator(lang: Lang): RubyTranslate {
  return (key, params) => rubyNodes(template(lang, key), params);
}

/** Zone names come from shared/ without readings: the Japanese ones with kanji get them here. */
export const ZONE_READINGS: Partial<Record<ZoneId, string>> = {
  classroom: "教室《きょうしつ》",
  counselling: "そうだん室《しつ》",
};

export function zoneRuby(zone: ZoneId, name: string, lang: Lang): Array<Node | string> {
  const marked = lang === "ja" ? ZONE_READINGS[zone] : undefined;
  return marked ? rubyNodes(marked) : [name];
}

/** A sentence naming a zone ("{zone}に きました"), with the zone's reading too. Zone names come from shared/, never from a person. */
export function zoneSentence(lang: Lang, key: MessageKey, zone: ZoneId): Array<Node | string> {
  const name = (lang === "ja" ? ZONE_READINGS[zone] : undefined) ?? localName(zoneById(zone).name, lang);
  return rubyNodes(template(lang, key).replaceAll("{zone}", name));
}
