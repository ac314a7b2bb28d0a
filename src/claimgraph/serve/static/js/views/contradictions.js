// Contradictions: the two claims side by side with the reason.
import {get} from "../api.js";
import {byline, h, reportHref} from "../dom.js";
import {pager} from "./pager.js";

const PAGE = 50;

function side(ref, label) {
  return h("div", {class: "col"},
    h("p", {class: "muted"}, label),
    h("blockquote", {}, ref.text),
    h("p", {class: "muted"}, h("a", {href: reportHref(ref.document_id, ref.key)}, `${ref.key} · ${byline(ref)}`),
      " · ", h("a", {href: `#/trace/${encodeURIComponent(ref.key)}`}, "trace")));
}

/** The contradictions view. */
export async function view({params}) {
  const offset = Number(params.get("offset")) || 0;
  const page = await get("/api/contradictions", {offset, limit: PAGE});
  const pairs = page.items;
  const href = (at) => `#/contradictions?${new URLSearchParams({offset: String(at)})}`;
  const items = pairs.map((pair, i) => h("article", {class: "pair", id: `pair-${i}`},
    h("p", {class: "reason"}, h("span", {class: `badge kind ${pair.kind}`}, pair.kind), " ", pair.reason),
    h("div", {class: "columns"}, side(pair.a, "one claim"), side(pair.b, "against")),
  ));
  return h("section", {}, h("h1", {}, `Contradictions (${page.total})`),
    items.length ? [items, pager(page, href)] : h("p", {class: "muted"}, "No contradiction found."));
}
