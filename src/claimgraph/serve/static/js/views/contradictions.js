// Contradictions: the two claims side by side with the reason.
import {get} from "../api.js";
import {byline, h, reportHref} from "../dom.js";

function side(ref, label) {
  return h("div", {class: "col"},
    h("p", {class: "muted"}, label),
    h("blockquote", {}, ref.text),
    h("p", {class: "muted"}, h("a", {href: reportHref(ref.document_id, ref.key)}, `${ref.key} · ${byline(ref)}`),
      " · ", h("a", {href: `#/trace/${encodeURIComponent(ref.key)}`}, "trace")));
}

/** The contradictions view. */
export async function view() {
  const pairs = await get("/api/contradictions");
  const items = pairs.map((pair, i) => h("article", {class: "pair", id: `pair-${i}`},
    h("p", {class: "reason"}, h("span", {class: `badge kind ${pair.kind}`}, pair.kind), " ", pair.reason),
    h("div", {class: "columns"}, side(pair.a, "one claim"), side(pair.b, "against")),
  ));
  return h("section", {}, h("h1", {}, `Contradictions (${pairs.length})`),
    items.length ? items : h("p", {class: "muted"}, "No contradiction found."));
}
