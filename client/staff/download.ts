import { h } from "../ui/dom.ts";

/** Hands a file the server made (a PDF, a CSV, a JSON copy) to the browser to save. */
export async function saveResponse(response: Response, filename: string): Promise<void> {
  const url = URL.createObjectURL(await response.blob());
  h("a", { href: url, download: filename }).click();
  // Revoked later: the browser is still reading the blob when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
