import type { BrowserContext, Page } from "playwright-core";

/**
 * Finding markup that a person's text turned into. Every hostile payload in xss.test.ts carries
 * an attribute named `pwn` (and some an id starting with "pwn"): if any sink ever parses the text
 * as HTML, an element matching MARK exists, whether or not the Content-Security-Policy stops it
 * from running. The page never makes such an element itself.
 */
export const MARK = "[pwn], [id^=pwn]";

/** What the watcher in each page (and frame) has recorded since it loaded. */
export interface Watched {
  /** Elements matching MARK that were ever attached, even for a moment (a notice that faded). */
  injected: string[];
  /** The text of every node ever attached: notices are gone a few seconds later. */
  texts: string[];
  /** Content-Security-Policy violations: a payload that tried to run. */
  violations: string[];
}

/**
 * Installs, before any of the page's own scripts, a MutationObserver that records every element
 * matching MARK ever attached anywhere in the document, and every text ever shown. Run on a
 * context before its pages open (init scripts are not subject to the page's CSP).
 */
export async function watchMarkup(context: BrowserContext): Promise<void> {
  await context.addInitScript((mark: string) => {
    const watch = { injected: [] as string[], texts: [] as string[], violations: [] as string[] };
    Object.defineProperty(window, "__markupWatch", { value: watch });
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of Array.from(record.addedNodes)) {
          watch.texts.push(node.textContent ?? "");
          if (!(node instanceof Element)) continue;
          const hits = [...(node.matches(mark) ? [node] : []), ...Array.from(node.querySelectorAll(mark))];
          for (const hit of hits) watch.injected.push(`${location.pathname}: ${hit.outerHTML.slice(0, 300)}`);
        }
      }
    }).observe(document, { childList: true, subtree: true });
    document.addEventListener("securitypolicyviolation", (e) => {
      // zod asks once whether it may compile its checks (`new Function("")`), and is told no.
      if (e.blockedURI === "eval" && e.sample === "") return;
      watch.violations.push(`${location.pathname}: ${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  }, MARK);
}

interface Scan {
  /** Elements matching MARK now, in the document and every open shadow root. */
  found: string[];
  /** The document's text and every open shadow root's. */
  text: string;
  watch: Watched | null;
}

/** Runs in a frame: walks the document and every open shadow root in it. */
function scanFrame(mark: string): Scan {
  const roots: Array<Document | ShadowRoot> = [document];
  const found: string[] = [];
  const texts: string[] = [];
  for (let i = 0; i < roots.length; i++) {
    const root = roots[i] as Document | ShadowRoot;
    for (const el of Array.from(root.querySelectorAll("*"))) if (el.shadowRoot) roots.push(el.shadowRoot);
    for (const el of Array.from(root.querySelectorAll(mark))) found.push(`${location.pathname}: ${el.outerHTML.slice(0, 300)}`);
    texts.push((root instanceof Document ? root.documentElement?.textContent : root.textContent) ?? "");
  }
  const watch = (window as unknown as { __markupWatch?: Watched }).__markupWatch ?? null;
  return { found, text: texts.join("\n"), watch };
}

export interface PageMarkup {
  /** Elements made from people's text: in the page now, or ever attached. Must be empty. */
  injected: string[];
  violations: string[];
  /** All text in the page now, every frame and shadow root. */
  text: string;
  /** All text the page has ever shown (notices come and go). */
  everShown: string;
}

/** Looks through every frame of a page (and every open shadow root) for markup made from people's text. */
export async function markupIn(page: Page): Promise<PageMarkup> {
  const result: PageMarkup = { injected: [], violations: [], text: "", everShown: "" };
  for (const frame of page.frames()) {
    const scan = await frame.evaluate(scanFrame, MARK);
    if (!scan.watch) throw new Error(`no markup watcher in ${frame.url()}: open pages in a context given to watchMarkup()`);
    result.injected.push(...scan.found, ...scan.watch.injected);
    result.violations.push(...scan.watch.violations);
    result.text += `${scan.text}\n`;
    result.everShown += `${scan.watch.texts.join("\n")}\n`;
  }
  return result;
}

/** Where a text appears as an attribute's value (aria-label, title, alt…): "button.report[aria-label]". */
export function attributesHolding(page: Page, needle: string): Promise<string[]> {
  return page.evaluate((text) => {
    const places: string[] = [];
    for (const el of Array.from(document.querySelectorAll("*"))) {
      for (const attr of Array.from(el.attributes)) if (attr.value.includes(text)) places.push(`${el.localName}${el.classList.length ? `.${[...el.classList].join(".")}` : ""}[${attr.name}]`);
    }
    return places;
  }, needle);
}
