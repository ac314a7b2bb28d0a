// Previous / next links for a paginated listing.
import {h} from "../dom.js";

/** "1–50 of 220" with links built by href(offset). */
export function pager(page, href) {
  const end = Math.min(page.offset + page.items.length, page.total);
  const first = page.total ? page.offset + 1 : 0;
  const prev = page.offset > 0 ? h("a", {href: href(Math.max(0, page.offset - page.limit)), class: "button"}, "← previous") : null;
  const next = end < page.total ? h("a", {href: href(page.offset + page.limit), class: "button", id: "next"}, "next →") : null;
  return h("p", {class: "pager"}, prev, ` ${first}–${end} of ${page.total} `, next);
}
