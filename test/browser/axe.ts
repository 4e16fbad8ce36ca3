import { createRequire } from "node:module";
import type { AxeResults, Result } from "axe-core";
import type { Page } from "playwright-core";

/**
 * axe-core, from node_modules, run inside a real page. The page's CSP forbids injected scripts,
 * so contexts that scan must be created with `bypassCSP: true` (the app itself is unchanged).
 */
const AXE_PATH = createRequire(import.meta.url).resolve("axe-core");
const BLOCKING = new Set(["serious", "critical"]);

export interface Finding {
  state: string;
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** Scans the whole page and answers its violations, one per rule: `blocking` the serious and critical ones. */
export async function scan(page: Page, state: string): Promise<{ blocking: Finding[]; other: Finding[] }> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === "object");
  if (!loaded) await page.addScriptTag({ path: AXE_PATH });
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe;
    return axe.run(document, { resultTypes: ["violations"], runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
  });
  const all = results.violations.map((v: Result) => ({
    state,
    rule: v.id,
    impact: v.impact ?? "",
    help: `${v.help} (${v.helpUrl})`,
    nodes: v.nodes.map((n) => `${n.target.join(" ")}\n        ${(n.failureSummary ?? "").replace(/\n/g, "\n        ")}`),
  }));
  return { blocking: all.filter((f) => BLOCKING.has(f.impact)), other: all.filter((f) => !BLOCKING.has(f.impact)) };
}

/** Findings as lines a person can read in a failed test's output. */
export function describeFindings(findings: Finding[]): string {
  return findings
    .map((f) => `[${f.state}] ${f.impact} ${f.rule}: ${f.help}\n${f.nodes.map((n) => `    - ${n}`).join("\n")}`)
    .join("\n\n");
}
