import { h } from "./dom.ts";

/**
 * Links that appear when tabbed to, first on the page: straight to the chat or the 3D view
 * without tabbing through everything in between. Focus moves without touching the address.
 */
export class SkipLinks {
  readonly element = h("div", { class: "skip-links" });

  add(label: string, targetId: string): void {
    const link = h("a", { href: `#${targetId}`, class: "skip-link" }, label);
    link.addEventListener("click", (event) => {
      const target = document.getElementById(targetId);
      if (!target) return;
      event.preventDefault();
      if (!target.hasAttribute("tabindex") && !target.matches("a, button, input, select, textarea")) target.setAttribute("tabindex", "-1");
      target.focus();
    });
    this.element.append(link);
  }
}
