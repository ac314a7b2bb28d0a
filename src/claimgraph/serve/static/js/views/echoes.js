// Echo groups: claims in different reports relaying one origin on one occasion.
import {get} from "../api.js";
import {byline, h, reportHref} from "../dom.js";
import {pager} from "./pager.js";

const PAGE = 50;

/** The echoes view: a page of echo groups. */
export async function view({params}) {
  const offset = Number(params.get("offset")) || 0;
  const page = await get("/api/echoes", {offset, limit: PAGE});
  const groups = page.items;
  const href = (at) => `#/echoes?${new URLSearchParams({offset: String(at)})}`;
  const items = groups.map((group, i) => {
    const o = group.origin;
    const when = o.date || (o.between || []).join(" – ") || "undated";
    return h("article", {class: "group", id: `echo-${i}`},
      h("h2", {}, o.name, h("span", {class: "muted"}, ` · ${o.kind}${o.country ? ` · ${o.country}` : ""} · ${when}`),
        group.circular ? h("span", {class: "badge warn"}, "circular") : null),
      h("p", {class: "muted"}, `${group.claims.length} claim(s) in ${group.documents} report(s)`),
      h("ul", {class: "refs"}, group.claims.map((ref) => h("li", {},
        h("a", {href: reportHref(ref.document_id, ref.key)}, `${ref.key} · ${byline(ref)}`), ": ", ref.text))));
  });
  return h("section", {}, h("h1", {}, `Echoes (${page.total})`),
    items.length ? [items, pager(page, href)] : h("p", {class: "muted"}, "No echo group."));
}
