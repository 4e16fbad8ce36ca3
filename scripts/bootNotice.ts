import type { Plugin } from "vite";

/**
 * The pages' own words until their scripts run, put into each page's empty `<div id="app">` at
 * build time (index.html, staff.html, research.html). If the scripts never arrive (a tablet's
 * link changing under the load: net::ERR_NETWORK_CHANGED), the child is not left with a blank
 * page: it says it is opening, in both languages (no script has chosen one yet), and offers the
 * same page again (`href=""` keeps ?lang=en). style.css shows it only after a moment and hides
 * it as soon as the page puts anything beside it; staff and research pages replace it.
 */
const EMPTY = '<div id="app"></div>';
const NOTICE = `<div id="app"><div class="boot" role="status"><p>ひだまりを ひらいています…</p><p lang="en">Opening Hidamari…</p><p><a href="">もういちど ひらく</a> · <a href="" lang="en">Try again</a></p></div></div>`;

export function bootNotice(): Plugin {
  return {
    name: "hidamari-boot-notice",
    transformIndexHtml(html, { filename }) {
      if (!html.includes(EMPTY)) throw new Error(`${filename} has no ${EMPTY} for the notice shown until its scripts run`);
      return html.replace(EMPTY, NOTICE);
    },
  };
}
