// Echo groups: claims in different reports relaying one origin on one occasion.
import {get} from "../api.js";
import {byline, h, reportHref} from "../dom.js";

/** The echoes view. */
export async function view() {
  const groups = await get("/api/echoes");
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
  return h("section", {}, h("h1", {}, `Echoes (${groups.length})`),
    items.length ? items : h("p", {class: "muted"}, "No echo group."));
}
