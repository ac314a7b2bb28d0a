// Reports: the list, and the reader with each claim highlighted by certainty.
import {get} from "../api.js";
import {byline, CERTAINTY, certaintyBadge, chainText, CREDIBILITY, credibilityBadge, h, reportHref, safeHref}
  from "../dom.js";
import {pager} from "./pager.js";

/** The list of reports, newest first. */
export async function list({params}) {
  const q = params.get("q") || "";
  const offset = Number(params.get("offset") || 0);
  const page = await get("/api/documents", {q, limit: 50, offset});
  const search = h("form", {class: "filters", onsubmit: (event) => {
    event.preventDefault();
    location.hash = `#/reports?q=${encodeURIComponent(event.target.q.value)}`;
  }}, h("input", {name: "q", type: "search", placeholder: "title, outlet or origin", value: q}),
  h("button", {type: "submit"}, "Search"));
  const rows = page.items.map((doc) => h("tr", {},
    h("td", {class: "nowrap"}, doc.published || "?"),
    h("td", {}, doc.outlet || ""),
    h("td", {}, h("a", {href: reportHref(doc.id), class: "report-link"}, doc.title || doc.origin)),
    h("td", {class: "num"}, String(doc.claims))));
  const exports = h("p", {class: "muted small", id: "exports"}, "Export the corpus: ",
    [["jsonl", "JSON Lines"], ["csv", "CSV (ACLED-like)"], ["stix", "STIX 2.1"], ["geojson", "GeoJSON"]].map(
      ([fmt, label], i) => [i ? " · " : "", h("a", {href: `/api/exports/${fmt}`, download: ""}, label)]));
  return h("section", {},
    h("h1", {}, "Reports"), search, exports,
    h("table", {class: "grid", id: "reports"},
      h("thead", {}, h("tr", {}, h("th", {}, "published"), h("th", {}, "outlet"), h("th", {}, "report"),
        h("th", {class: "num"}, "claims"))),
      h("tbody", {}, rows)),
    pager(page, (next) => `#/reports?q=${encodeURIComponent(q)}&offset=${next}`));
}

/** Marks over the text: claims (by certainty), sources, quantities, times. */
function marks(doc) {
  const found = [];
  for (const claim of doc.claims) {
    found.push({start: claim.span[0], end: claim.span[1], kind: "claim", claim});
    for (const hop of claim.sources) if (hop.span) found.push({start: hop.span[0], end: hop.span[1], kind: "src"});
    for (const q of claim.quantities) found.push({start: q.span[0], end: q.span[1], kind: "qty", title: q.text});
    for (const t of claim.times) {
      found.push({start: t.span[0], end: t.span[1], kind: "time", title: [t.start, t.end].filter(Boolean).join(" – ")});
    }
  }
  return found.filter((m) => m.end > m.start);
}

/** The article text split at every mark boundary; each piece a span carrying what covers it. */
function articleText(doc, onClaim) {
  const text = doc.text;
  const all = marks(doc);
  const cuts = new Set([0, text.length]);
  for (const m of all) {
    cuts.add(Math.max(0, Math.min(text.length, m.start)));
    cuts.add(Math.max(0, Math.min(text.length, m.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = all.filter((m) => m.start <= a && m.end >= b);
    const chunk = text.slice(a, b);
    if (!covering.length) {
      pieces.push(chunk);
      continue;
    }
    const claims = covering.filter((m) => m.kind === "claim").sort((x, y) => (x.end - x.start) - (y.end - y.start));
    const classes = new Set(covering.filter((m) => m.kind !== "claim").map((m) => m.kind));
    const attrs = {};
    if (claims.length) {
      const claim = claims[0].claim;
      classes.add("claim");
      classes.add(CERTAINTY[claim.certainty]?.[0] || "uu");
      attrs.dataset = {claim: claim.key};
      attrs.onmouseenter = (event) => onClaim("enter", claim, event);
      attrs.onmousemove = (event) => onClaim("move", claim, event);
      attrs.onmouseleave = (event) => onClaim("leave", claim, event);
      attrs.onclick = (event) => onClaim("click", claim, event);
    }
    const detail = covering.find((m) => m.title);
    if (detail) attrs.title = detail.title;
    pieces.push(h("span", {...attrs, class: [...classes].join(" ")}, chunk));
  }
  return h("div", {class: "article", id: "article"}, pieces);
}

function echoList(claim, limit) {
  if (!claim.echo_claims?.length) return h("p", {class: "muted"}, "No echo in other reports.");
  const items = claim.echo_claims.slice(0, limit).map((ref) => h("li", {},
    h("a", {href: reportHref(ref.document_id, ref.key)}, byline(ref)), ": ", ref.text));
  const more = claim.echo_claims.length > limit ? h("li", {class: "muted"}, `… ${claim.echo_claims.length - limit} more`) : null;
  return h("ul", {class: "refs"}, items, more);
}

/** What a hovered or pinned claim shows: chain, certainty, credibility, echoes, opposing claims. */
function claimCard(claim, {full}) {
  const cred = claim.credibility;
  const certainty = CERTAINTY[claim.certainty]?.[1] || claim.certainty;
  return h("div", {class: "claim-card"},
    h("div", {class: "card-head"}, h("b", {}, claim.key), " ", certaintyBadge(claim.certainty), ` ${certainty}`),
    h("p", {class: "chain"}, h("span", {class: "label"}, "chain "), chainText(claim)),
    h("p", {class: "origin"}, h("span", {class: "label"}, "origin "), claim.origin ? claim.origin.name : "(not reconciled)"),
    h("p", {class: "credibility"}, h("span", {class: "label"}, "credibility "), credibilityBadge(cred),
      cred ? ` ${CREDIBILITY[cred.value]}: ${cred.reason}` : ""),
    h("p", {class: "echoes"}, h("span", {class: "label"}, "echoes "),
      claim.echoes ? `relayed in ${claim.echoes} other claim(s)` : "none"),
    full ? echoList(claim, 6) : null,
    claim.against?.length ? h("p", {class: "against"}, h("span", {class: "label"}, "contradicted by "),
      claim.against.map((ref) => `${ref.key} (${ref.kind})`).join(", ")) : null,
    full ? h("p", {class: "actions"},
      h("a", {href: `#/trace/${encodeURIComponent(claim.key)}`, class: "button trace-link"}, "Open trace"), " ",
      claim.origin ? h("a", {href: `#/claims?origin=${encodeURIComponent(claim.origin.name)}`, class: "button"},
        "Claims of this origin") : null) : null);
}

function legend() {
  return h("div", {class: "legend"},
    Object.entries(CERTAINTY).map(([value, [cls, label]]) => h("span", {class: `claim ${cls}`}, `${value} ${label}`)),
    h("span", {class: "src"}, "source"), h("span", {class: "qty"}, "quantity"), h("span", {class: "time"}, "time"));
}

function header(doc) {
  const meta = [doc.outlet, doc.published, doc.dateline_place || doc.dateline, doc.author].filter(Boolean).join(" · ");
  const versions = doc.versions.length > 1 ? h("p", {class: "muted"}, "versions: ",
    doc.versions.map((v) => [h("a", {href: reportHref(v.id)}, `v${v.version}${v.latest ? " (latest)" : ""}`), " "])) : null;
  return h("header", {class: "report-head"},
    h("h1", {}, doc.title || `${doc.outlet || "Report"}${doc.published ? `, ${doc.published}` : ""}`),
    h("p", {class: "muted"}, meta),
    h("p", {class: "muted small"}, `${doc.origin} · version ${doc.version}`),
    doc.url ? h("p", {}, h("a", {href: safeHref(doc.url), rel: "noopener noreferrer", target: "_blank"}, doc.url)) : null,
    doc.latest ? null : h("p", {class: "warn"}, "An older version: claims are not reconciled."),
    doc.notice ? h("p", {class: "warn"}, doc.notice) : null,
    versions);
}

function sidebar(doc, pinned) {
  const entities = doc.entities.map((e) => h("li", {},
    h("a", {href: `#/claims?entity=${encodeURIComponent(e.name)}`}, e.name), ` (${e.type})`));
  const unique = [...new Map(doc.places.map((p) => [`${p.name}|${p.country}`, p])).values()];
  const places = unique.map((p) => h("li", {},
    h("a", {href: `#/claims?place=${encodeURIComponent(p.name)}`}, p.name), p.country ? ` ${p.country}` : ""));
  return h("aside", {class: "side"},
    h("div", {id: "pinned"}, pinned),
    h("h3", {}, `Claims (${doc.claims.length})`),
    h("p", {}, h("a", {href: `#/claims?document=${doc.id}`}, "List them in the claims explorer")),
    h("h3", {}, "Entities"), h("ul", {class: "plain"}, entities),
    h("h3", {}, "Places"), h("ul", {class: "plain"}, places));
}

/** The report reader. */
export async function reader({arg, params}) {
  const doc = await get(`/api/documents/${encodeURIComponent(arg)}`);
  const tooltip = h("div", {class: "tooltip", id: "tooltip", hidden: true, role: "tooltip"});
  const pinned = h("p", {class: "muted"}, "Hover a claim to see its chain; click it to keep it here.");
  const side = sidebar(doc, pinned);
  const hot = (key, on) => {
    for (const el of document.querySelectorAll(`[data-claim="${CSS.escape(key)}"]`)) el.classList.toggle("hot", on);
  };
  const pin = (claim) => {
    for (const el of document.querySelectorAll(".claim.pinned")) el.classList.remove("pinned");
    for (const el of document.querySelectorAll(`[data-claim="${CSS.escape(claim.key)}"]`)) el.classList.add("pinned");
    side.querySelector("#pinned").replaceChildren(claimCard(claim, {full: true}));
  };
  const onClaim = (what, claim, event) => {
    if (what === "enter") {
      tooltip.replaceChildren(claimCard(claim, {full: false}));
      tooltip.hidden = false;
      hot(claim.key, true);
    }
    if (what === "enter" || what === "move") {
      tooltip.style.left = `${Math.min(event.clientX + 14, window.innerWidth - 380)}px`;
      tooltip.style.top = `${event.clientY + 18}px`;
    }
    if (what === "leave") {
      tooltip.hidden = true;
      hot(claim.key, false);
    }
    if (what === "click") pin(claim);
  };
  const body = h("div", {class: "reader"}, h("div", {class: "main-col"}, header(doc), legend(), articleText(doc, onClaim)),
    side, tooltip);
  const wanted = doc.claims.find((c) => c.key === params.get("claim"));
  if (wanted) {
    pin(wanted);
    setTimeout(() => {
      pin(wanted);
      document.querySelector(`[data-claim="${CSS.escape(wanted.key)}"]`)?.scrollIntoView({block: "center"});
    }, 0);
  }
  return body;
}
