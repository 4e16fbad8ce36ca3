import { Protocol } from "@colyseus/sdk";
import type { Page } from "playwright-core";
import { expect } from "vitest";

/**
 * Events a browser test can wait for instead of time (test/support/clients.ts has the same for
 * sockets). A negative ("it did not move", "no error was shown") is asserted only after a
 * positive event that must come after the thing that must not happen.
 */

/**
 * Resolves after `count` animation frames of the page. Every frame loop of the page, the 3D
 * view's included, has run in each of them: whatever it does with input the page had before
 * this call (a held key, a tap) it has done by then, however fast or slow the frames are.
 */
export function animationFrames(page: Page, count = 3): Promise<void> {
  return page.evaluate(
    (n) =>
      new Promise<void>((resolve) => {
        let left = n;
        const next = () => {
          left -= 1;
          if (left <= 0) resolve();
          else requestAnimationFrame(next);
        };
        requestAnimationFrame(next);
      }),
    count,
  );
}

/**
 * Resolves when the 3D view has drawn a frame with everything the page had when this was called
 * (people who arrived, a bubble, a setting): it asks for a frame, as a resize does, and waits for
 * the frame count to move. However slow the frames, and whatever the low-graphics frame cap.
 */
export function frameDrawn(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const view = (window as unknown as { hidamari: { inspect(): { framesDrawn: number } } }).hidamari;
        const before = view.inspect().framesDrawn;
        window.dispatchEvent(new Event("resize"));
        const check = () => {
          if (view.inspect().framesDrawn > before) resolve();
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
  );
}

/**
 * Keeps a note of every WebSocket the page opens, for pong(). Call before the page loads anything
 * (it is an init script, so it runs before the page's own code and outside its CSP).
 */
export async function watchSockets(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const opened: WebSocket[] = [];
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        opened.push(this);
      }
    };
    (window as unknown as { __sockets: WebSocket[] }).__sockets = opened;
  });
}

/**
 * Resolves when the server has answered a ping on the page's open space socket, as the page saw
 * it (watchSockets() first). Whatever the server sent the page at once before it read the ping
 * (an error answering something the page sent earlier) has been handled by the page by then.
 * Lines and reactions from others, which ride the space's next patch, are not covered: wait for
 * a later line instead. The SDK ignores a pong it did not ask for.
 */
export function pong(page: Page): Promise<void> {
  return page.evaluate(
    (PING) =>
      new Promise<void>((resolve, reject) => {
        const sockets = (window as unknown as { __sockets?: WebSocket[] }).__sockets ?? [];
        const socket = sockets.filter((s) => s.readyState === WebSocket.OPEN).at(-1);
        if (!socket) {
          reject(new Error("no open socket to ping (call watchSockets before the page loads)"));
          return;
        }
        const answered = (event: MessageEvent) => {
          if (!(event.data instanceof ArrayBuffer) || event.data.byteLength !== 1 || new Uint8Array(event.data)[0] !== PING) return;
          socket.removeEventListener("message", answered);
          resolve();
        };
        socket.addEventListener("message", answered);
        socket.send(Uint8Array.of(PING));
      }),
    Protocol.PING,
  );
}

/**
 * Records, from now on, every notice the page's notices region (a polite live region) is given:
 * what a screen reader hears, in order, those already faded included (a notice shows for 5 s).
 * Returns the record's reader. Taken as shown (innerText): furigana that is off is not in it.
 */
export async function recordNotices(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    new MutationObserver((changes) => {
      for (const change of changes) for (const node of change.addedNodes) said.push((node as HTMLElement).innerText ?? node.textContent ?? "");
    }).observe(document.querySelector(".notices") ?? document.body, { childList: true });
  });
  return () => page.evaluate(() => (window as unknown as { said: string[] }).said);
}

/**
 * Waits, up to `timeout`, for the page's notices to say `words` (a walk's end, say). Notices
 * fade after 5 s, so each one seen on the way is kept, and a failure names them all: "nothing"
 * and "going to the classroom" alone are different failures.
 */
export async function told(page: Page, words: string, timeout = 30_000): Promise<void> {
  const seen: string[] = [];
  try {
    await expect
      .poll(
        async () => {
          for (const notice of await page.locator(".notice").allTextContents()) if (!seen.includes(notice)) seen.push(notice);
          return seen.join(" | ");
        },
        { timeout },
      )
      .toContain(words);
  } catch (error) {
    throw new Error(`never told "${words}"; told: ${seen.join(" | ") || "nothing"}`, { cause: error });
  }
}
