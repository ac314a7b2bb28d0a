// Estimates over time: one chart per measure and subject, one mark per estimate (point or range
// bar) coloured by origin, as-of date on the x axis, the consensus band; a mark opens its report.
import {get} from "../api.js";
import {h, number, reportHref, s} from "../dom.js";
import {pager} from "./pager.js";

const W = 820;
const H = 320;
const M = {left: 70, right: 48, top: 20, bottom: 40};
const DAY = 86400000;
const PAGE = 10;  // series per page: each is a chart
export const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
  "#7f7f7f", "#bcbd22"];

function colours(seriesList) {
  const found = new Map();
  for (const series of seriesList) {
    for (const p of series.points) {
      if (!found.has(p.origin.name)) found.set(p.origin.name, PALETTE[found.size % PALETTE.length]);
    }
  }
  return found;
}

const ends = (p) => [p.low ?? p.value, p.high ?? p.value].map((v) => (v === null || v === undefined ? null : v));

function niceTicks(max, count = 5) {
  const raw = max / count;
  const step = [1, 2, 2.5, 5, 10].map((m) => m * 10 ** Math.floor(Math.log10(raw))).find((x) => x >= raw) || raw;
  const ticks = [0];
  while (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

function scales(series) {
  const dated = series.points.filter((p) => p.as_of);
  const times = dated.map((p) => Date.parse(p.as_of));
  let [t0, t1] = [Math.min(...times), Math.max(...times)];
  const pad = Math.max((t1 - t0) * 0.06, 5 * DAY);
  [t0, t1] = [t0 - pad, t1 + pad];
  // The axis covers the figures, lower bounds and the band; an upper bound far above them is cut
  // at the top (drawn with an arrow) rather than squashing every other mark.
  const core = dated.flatMap((p) => [p.value, p.low]).filter((v) => v !== null && v !== undefined);
  if (series.consensus) core.push(series.consensus.low, series.consensus.high ?? series.consensus.low);
  const coreMax = Math.max(...core, 1);
  const highs = dated.map((p) => p.high).filter((v) => v !== null && v !== undefined && v <= 2 * coreMax);
  const ticks = niceTicks(Math.max(coreMax, ...highs) * 1.08);
  const yMax = ticks[ticks.length - 1];
  const x = (iso) => M.left + ((Date.parse(iso) - t0) / (t1 - t0)) * (W - M.left - M.right);
  const y = (v) => H - M.bottom - (v / yMax) * (H - M.top - M.bottom);
  return {x, y, t0, t1, ticks, yMax, dated};
}

function axes({x, y, t0, t1, ticks}) {
  const items = [s("line", {x1: M.left, y1: H - M.bottom, x2: W - M.right, y2: H - M.bottom, class: "axis"}),
    s("line", {x1: M.left, y1: M.top, x2: M.left, y2: H - M.bottom, class: "axis"})];
  for (const v of ticks) {
    items.push(s("line", {x1: M.left, y1: y(v), x2: W - M.right, y2: y(v), class: "gridline"}));
    items.push(s("text", {x: M.left - 8, y: y(v) + 4, class: "tick", "text-anchor": "end"}, number(v)));
  }
  for (let i = 0; i <= 5; i++) {
    const iso = new Date(t0 + ((t1 - t0) * i) / 5).toISOString().slice(0, 10);
    items.push(s("text", {x: x(iso), y: H - M.bottom + 18, class: "tick", "text-anchor": "middle"}, iso));
  }
  items.push(s("text", {x: (W + M.left) / 2, y: H - 4, class: "axis-label", "text-anchor": "middle"}, "as of"));
  return items;
}

function band(series, {y}) {
  const c = series.consensus;
  if (!c) return [];
  const high = c.high ?? c.low;
  const top = y(high);
  return [s("rect", {x: M.left, y: top, width: W - M.left - M.right, height: Math.max(2, y(c.low) - top), class: "band"},
    s("title", {}, `consensus band: ${number(c.low)} – ${number(c.high)} across ${c.origins} origin(s)`)),
  s("text", {x: W - M.right - 6, y: top - 4, class: "band-label", "text-anchor": "end"},
    `consensus ${number(c.low)}–${number(c.high)} (${c.origins} origin${c.origins === 1 ? "" : "s"})`)];
}

function mark(p, sc, colour, open) {
  const cx = sc.x(p.as_of);
  const [low, high] = ends(p);
  const first = p.claims[0];
  const title = `${p.origin.name}: ${p.label} as of ${p.as_of} — ${p.claims_total ?? p.claims.length} report claim(s)` +
    `${p.superseded_by !== null ? `, superseded by #${p.superseded_by}` : ""}`;
  const attrs = {class: `mark${p.superseded_by !== null ? " superseded" : ""}`, tabindex: 0, role: "link",
    dataset: {point: p.id, key: first?.key || ""}, "aria-label": title};
  const parts = [s("title", {}, title)];
  if (p.value === null && (low !== null || high !== null)) {
    const cut = high === null || high > sc.yMax;
    const top = cut ? M.top : sc.y(high);
    const bottom = sc.y(low ?? 0);
    parts.push(s("rect", {x: cx - 5, y: top, width: 10, height: Math.max(3, bottom - top), fill: colour, stroke: colour,
      class: low === null ? "upper-bound" : "range"}));
    if (cut) parts.push(s("path", {d: `M ${cx - 8} ${M.top + 8} L ${cx} ${M.top - 2} L ${cx + 8} ${M.top + 8}`,
      class: "open-end", stroke: colour}));
  } else {
    parts.push(s("circle", {cx, cy: sc.y(p.value), r: 7, fill: p.superseded_by !== null ? "#fff" : colour, stroke: colour}));
  }
  const group = s("g", attrs, parts);
  group.addEventListener("click", () => open(first));
  group.addEventListener("keydown", (event) => event.key === "Enter" && open(first));
  return group;
}

function chart(series, palette) {
  const sc = scales(series);
  if (!sc.dated.length) return h("p", {class: "muted"}, "No dated estimate to draw.");
  const open = (ref) => { if (ref) location.hash = reportHref(ref.document_id, ref.key); };
  return s("svg", {class: "chart", viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
    "aria-label": `${series.measure} over time`},
  axes(sc), band(series, sc), sc.dated.map((p) => mark(p, sc, palette.get(p.origin.name), open)));
}

function legend(series, palette) {
  const names = [...new Set(series.points.map((p) => p.origin.name))];
  return h("p", {class: "chart-legend"}, names.map((name) => h("span", {class: "key"},
    h("span", {class: `swatch c${PALETTE.indexOf(palette.get(name))}`}), name)),
  h("span", {class: "key muted"}, "○ superseded · ▮ range or bound (pale: at most) · ▲ beyond the axis"));
}

function table(series) {
  return h("table", {class: "grid compact"},
    h("thead", {}, h("tr", {}, ["#", "as of", "figure", "origin", "reports", "superseded by"].map((x) => h("th", {}, x)))),
    h("tbody", {}, series.points.map((p) => h("tr", {},
      h("td", {}, String(p.id)), h("td", {}, p.as_of || "?"), h("td", {}, p.label), h("td", {}, p.origin.name),
      h("td", {}, p.claims.map((ref) => [h("a", {href: reportHref(ref.document_id, ref.key)}, ref.outlet || ref.key), " "]),
        (p.claims_total ?? 0) > p.claims.length ? h("span", {class: "muted"}, `+${p.claims_total - p.claims.length} more`) : null),
      h("td", {}, p.superseded_by === null ? "" : `#${p.superseded_by}`)))));
}

/** The estimates view: a page of the series (all, or those answering ?measure=), most points first. */
export async function view({params}) {
  const measure = params.get("measure") || "";
  const since = params.get("since") || "";
  const until = params.get("until") || "";
  const offset = Number(params.get("offset")) || 0;
  const page = await get("/api/estimates", {measure, since, until, offset, limit: PAGE});
  const all = page.items;
  const palette = colours(all);
  const chosen = Object.fromEntries(Object.entries({measure, since, until}).filter(([, value]) => value));
  const href = (at) => `#/estimates?${new URLSearchParams({...chosen, offset: String(at)})}`;
  const cards = all.map((series, i) => h("article", {class: "series", id: `series-${i}`},
    h("h2", {}, `${series.measure} — ${series.subject || "unknown subject"}`),
    legend(series, palette), chart(series, palette),
    h("details", {}, h("summary", {}, `${series.points.length} estimate(s)`), table(series))));
  const search = h("form", {class: "filters", id: "estimate-filters", onsubmit: (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const name of ["measure", "since", "until"]) {
      const value = event.target.elements[name].value;
      if (value) query.set(name, value);
    }
    location.hash = `#/estimates?${query}`;
  }}, h("input", {name: "measure", type: "search", value: measure, placeholder: "e.g. North Korean casualties"}),
  h("label", {}, "as of from ", h("input", {name: "since", id: "e-since", type: "date", value: since})),
  h("label", {}, " to ", h("input", {name: "until", id: "e-until", type: "date", value: until})),
  h("button", {type: "submit"}, "Show"));
  return h("section", {}, h("h1", {}, "Estimates over time"), search,
    cards.length ? [cards, pager(page, href)] : h("p", {class: "muted"}, "No estimate series."));
}
