// A claim's trace: the chain from outlet to origin as a small graph, the echoes of the same origin
// in other reports, corroborating and contradicting claims side by side.
import {get} from "../api.js";
import {byline, certaintyBadge, CREDIBILITY, credibilityBadge, h, reportHref, s} from "../dom.js";

const BOX_H = 44;
const GAP = 46;
const CHAR = 7.2;

function shorten(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A box with a label and a smaller caption; the full text as its SVG title. */
function node(x, y, width, label, caption, cls, href) {
  const group = s("g", {class: `node ${cls}`, transform: `translate(${x},${y})`},
    s("title", {}, `${label}${caption ? ` (${caption})` : ""}`),
    s("rect", {width, height: BOX_H, rx: 6}),
    s("text", {x: 10, y: 18, class: "label"}, shorten(label, Math.floor((width - 16) / CHAR))),
    s("text", {x: 10, y: 34, class: "caption"}, shorten(caption || "", Math.floor((width - 16) / 6.2))));
  if (href) group.addEventListener("click", () => { location.hash = href; });
  return group;
}

function arrow(x1, y1, x2, y2) {
  return s("line", {x1, y1, x2, y2, class: "edge", "marker-end": "url(#arrow)"});
}

function defs() {
  return s("defs", {}, s("marker", {id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7,
    markerHeight: 7, orient: "auto-start-reverse"}, s("path", {d: "M 0 0 L 10 5 L 0 10 z", class: "arrowhead"})));
}

/** The other reports among the echoes, one each (its first echoing claim, and how many). */
function otherReports(data) {
  const found = new Map();
  for (const ref of data.echoes) {
    if (ref.document === data.claim.document) continue;
    const seen = found.get(ref.document);
    if (seen) seen.count += 1;
    else found.set(ref.document, {...ref, count: 1});
  }
  return [...found.values()];
}

/** Outlet → hop → … → origin, then the origin fanning out to the reports that echo it. */
function graph(data) {
  const claim = data.claim;
  const chain = [{label: claim.outlet || "the outlet", caption: `report · ${claim.published || "undated"}`, cls: "outlet"},
    ...claim.sources.map((hop, i) => ({label: hop.text, caption: [hop.kind, hop.country, hop.anonymous ? "anonymous" : ""]
      .filter(Boolean).join(" · "), cls: i === claim.sources.length - 1 ? "origin" : "hop"}))];
  if (!claim.sources.length) chain[0].cls = "outlet origin";
  const width = 220;
  const echoes = otherReports(data);
  const rows = Math.max(1, echoes.length);
  const height = Math.max(BOX_H + 20, rows * (BOX_H + 12) + 20);
  const chainY = height / 2 - BOX_H / 2;
  const items = [defs()];
  chain.forEach((step, i) => {
    const x = 10 + i * (width + GAP);
    items.push(node(x, chainY, width, step.label, step.caption, step.cls));
    if (i) items.push(arrow(x - GAP + 2, chainY + BOX_H / 2, x - 2, chainY + BOX_H / 2));
  });
  const originX = 10 + (chain.length - 1) * (width + GAP) + width;
  const echoX = originX + 90;
  echoes.forEach((ref, i) => {
    const y = 10 + i * (BOX_H + 12);
    items.push(s("line", {x1: originX, y1: chainY + BOX_H / 2, x2: echoX - 2, y2: y + BOX_H / 2, class: "edge echo-edge",
      "marker-end": "url(#arrow)"}));
    items.push(node(echoX, y, 260, ref.outlet || ref.document, `${ref.count} claim(s) · ${ref.published || "undated"}`,
      "echo", reportHref(ref.document_id, ref.key)));
  });
  const total = echoes.length ? echoX + 270 : originX + 20;
  return s("svg", {class: "trace-graph", id: "trace-graph", viewBox: `0 0 ${total} ${height}`, width: total, height,
    role: "img", "aria-label": "attribution chain and echoes"}, items);
}

function refItem(ref, extra) {
  return h("li", {class: "ref"},
    h("p", {}, `“${ref.text}”`),
    h("p", {class: "muted"}, h("a", {href: reportHref(ref.document_id, ref.key)}, `${ref.key} · ${byline(ref)}`),
      " · ", h("a", {href: `#/trace/${encodeURIComponent(ref.key)}`}, "trace")),
    extra ? h("p", {class: "reason"}, extra) : null);
}

/** The claims of other origins stating the same thing (best match first), and those origins. */
function corroborating(data) {
  const refs = data.corroborated_by;
  const more = data.corroborated_by_total - refs.length;
  const origins = data.credibility.corroborated_by;
  return [
    refs.length
      ? h("ul", {class: "refs", id: "corroborating"},
        refs.map((ref) => refItem(ref, `${ref.method} match, score ${ref.score}`)))
      : h("p", {class: "muted"}, "No claim from another origin states the same."),
    more > 0 ? h("p", {class: "muted"}, `… and ${more} more.`) : null,
    origins.length ? h("p", {class: "muted"}, "Independent origin(s): ", origins.map((name, i) =>
      [i ? ", " : "", h("a", {href: `#/claims?origin=${encodeURIComponent(name)}`}, name)])) : null,
  ];
}

/** The trace view. */
export async function view({arg}) {
  const data = await get(`/api/claims/${encodeURIComponent(arg)}/trace`);
  const claim = data.claim;
  const cred = data.credibility;
  const contradicting = data.contradictions.length
    ? h("ul", {class: "refs"}, data.contradictions.map((ref) => refItem(ref, `${ref.kind}: ${ref.reason}`)))
    : h("p", {class: "muted"}, "Nothing contradicts it.");
  return h("section", {class: "trace"},
    h("h1", {}, `Trace of ${claim.key}`),
    h("blockquote", {class: "claim-quote"}, claim.text),
    h("p", {}, certaintyBadge(claim.certainty), " ", credibilityBadge({value: cred.value, reason: cred.reason}),
      ` credibility ${cred.value} (${CREDIBILITY[cred.value]}): ${cred.reason}`),
    h("p", {class: "muted"}, h("a", {href: reportHref(claim.document_id, claim.key), id: "open-report"}, `in ${byline(claim)}`),
      data.origin ? ` · origin ${data.origin.name}` : ""),
    h("h2", {}, "From outlet to origin, and the echoes of that origin"),
    h("div", {class: "graph-box"}, graph(data)),
    h("p", {class: "muted"}, otherReports(data).length
      ? `${otherReports(data).length} other report(s) relay the same origin on the same occasion.`
      : "No other report relays this origin on this occasion."),
    h("div", {class: "columns"},
      h("div", {class: "col corroborating"}, h("h2", {}, `Corroborated by (${data.corroborated_by_total})`),
        corroborating(data)),
      h("div", {class: "col contradicting"}, h("h2", {}, `Contradicted by (${data.contradictions.length})`), contradicting)),
    h("h2", {}, `Echoes (${data.echoes.length})`),
    data.echoes.length ? h("ul", {class: "refs", id: "echoes"}, data.echoes.map((ref) => refItem(ref)))
      : h("p", {class: "muted"}, "None."));
}
