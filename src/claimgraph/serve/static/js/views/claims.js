// The claims explorer: filter, sort, search; each row links to its report and its trace.
import {get} from "../api.js";
import {CERTAINTY, certaintyBadge, chainText, CREDIBILITY, credibilityBadge, h, reportHref} from "../dom.js";
import {pager} from "./pager.js";

const TEXT_FILTERS = [
  ["q", "search", "words in the claim"], ["entity", "entity", "actor or source"],
  ["source", "source", "a hop of the chain"], ["origin", "origin", "last hop"], ["place", "place", "place name"],
];
const SORTS = {"-published": "newest first", published: "oldest first", key: "key", "-key": "key, last first",
  certainty: "certainty"};
const FIELDS = ["q", "entity", "source", "origin", "measure", "place", "certainty", "credibility", "since", "until",
  "document", "sort"];

function select(name, options, current) {
  return h("select", {name, id: `f-${name}`},
    Object.entries(options).map(([value, label]) => h("option", {value, selected: value === current}, label)));
}

async function form(params) {
  const [sources, known] = await Promise.all([get("/api/sources"), get("/api/measures")]);
  const measures = {"": "any measure"};
  for (const row of known) measures[row.measure] = row.measure;
  const certainty = {"": "any certainty"};
  for (const [value, [, label]] of Object.entries(CERTAINTY)) certainty[value] = `${value} ${label}`;
  const credibility = {"": "any credibility"};
  for (const [value, label] of Object.entries(CREDIBILITY)) credibility[value] = `${value} ${label}`;
  const inputs = TEXT_FILTERS.map(([name, label, hint]) => h("label", {}, label,
    h("input", {name, id: `f-${name}`, type: name === "q" ? "search" : "text", placeholder: hint,
      value: params.get(name) || "", list: name === "origin" ? "origins" : null})));
  const submit = (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const name of FIELDS) {
      const value = event.target.elements[name]?.value;
      if (value) query.set(name, value);
    }
    location.hash = `#/claims?${query}`;
  };
  return h("form", {class: "filters", id: "claim-filters", onsubmit: submit},
    inputs,
    h("datalist", {id: "origins"}, sources.map((row) => h("option", {value: row.origin}))),
    h("label", {}, "measure", select("measure", measures, params.get("measure") || "")),
    h("label", {}, "certainty", select("certainty", certainty, params.get("certainty") || "")),
    h("label", {}, "credibility", select("credibility", credibility, params.get("credibility") || "")),
    h("label", {}, "since", h("input", {type: "date", name: "since", value: params.get("since") || ""})),
    h("label", {}, "until", h("input", {type: "date", name: "until", value: params.get("until") || ""})),
    h("label", {}, "sort", select("sort", SORTS, params.get("sort") || "-published")),
    params.get("document") ? h("input", {type: "hidden", name: "document", value: params.get("document")}) : null,
    h("button", {type: "submit"}, "Apply"), " ", h("a", {href: "#/claims", class: "button"}, "Clear"));
}

function row(claim) {
  return h("tr", {dataset: {key: claim.key}},
    h("td", {class: "nowrap"}, h("a", {href: `#/trace/${encodeURIComponent(claim.key)}`, class: "trace-link"}, claim.key)),
    h("td", {class: "nowrap"}, claim.published || "?"),
    h("td", {}, claim.outlet || ""),
    h("td", {}, certaintyBadge(claim.certainty)),
    h("td", {}, credibilityBadge(claim.credibility)),
    h("td", {class: "claim-text"}, claim.text),
    h("td", {class: "chain"}, chainText(claim)),
    h("td", {class: "nowrap"}, h("a", {href: reportHref(claim.document_id, claim.key), class: "report-link"}, "report"),
      " · ", h("a", {href: `#/trace/${encodeURIComponent(claim.key)}`}, "trace")));
}

/** The explorer view. */
export async function explorer({params}) {
  const query = {limit: 50, offset: Number(params.get("offset") || 0), sort: params.get("sort") || "-published"};
  for (const name of FIELDS) if (name !== "sort" && params.get(name)) query[name] = params.get(name);
  const [filters, page] = await Promise.all([form(params), get("/api/claims", query)]);
  const href = (offset) => {
    const next = new URLSearchParams(params);
    next.set("offset", offset);
    return `#/claims?${next}`;
  };
  return h("section", {},
    h("h1", {}, "Claims"), filters,
    h("p", {class: "muted", id: "claim-count"}, `${page.total} claim(s)`),
    page.notice ? h("p", {class: "warn"}, page.notice) : null,
    h("table", {class: "grid", id: "claims"},
      h("thead", {}, h("tr", {}, ["key", "published", "outlet", "cert.", "cred.", "claim", "chain", ""].map(
        (name) => h("th", {}, name)))),
      h("tbody", {}, page.items.map(row))),
    pager(page, href));
}
