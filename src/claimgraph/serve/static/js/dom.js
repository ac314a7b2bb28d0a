// DOM helpers: every piece of stored text goes in through text nodes or setAttribute, never as HTML.

const SVG_NS = "http://www.w3.org/2000/svg";

/** A safe link target: same-page hash, site path, or http(s); anything else becomes "#". */
export function safeHref(value) {
  const text = String(value ?? "");
  if (text.startsWith("#") || (text.startsWith("/") && !text.startsWith("//"))) return text;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : "#";
  } catch {
    return "#";
  }
}

function setAttrs(el, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "class") el.setAttribute("class", value);
    else if (name === "dataset") for (const [k, v] of Object.entries(value)) el.dataset[k] = String(v);
    else if (name === "href") el.setAttribute("href", safeHref(value));
    else if (name === "value" && "value" in el) el.value = String(value);
    else if (!name.startsWith("on")) el.setAttribute(name, value === true ? "" : String(value));
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An HTML element: h("a", {href: "#/x", class: "c"}, "text", otherNode). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  return append(el, children);
}

/** An SVG element, the same way. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  return append(el, children);
}

/** Replace an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export const CERTAINTY = {
  "CT+": ["ct-pos", "certain"], "PR+": ["pr-pos", "probable"], "PS+": ["ps-pos", "possible"],
  "CT-": ["ct-neg", "certainly not"], "PR-": ["pr-neg", "probably not"], "PS-": ["ps-neg", "possibly not"],
  "Uu": ["uu", "uncommitted"],
};
export const CREDIBILITY = {
  1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful", 5: "improbable", 6: "cannot be judged",
};

/** A certainty badge. */
export function certaintyBadge(value) {
  const [cls, label] = CERTAINTY[value] || ["uu", value];
  return h("span", {class: `badge cert ${cls}`, title: label}, value);
}

/** A credibility badge (Admiralty 1–6) with its reason as the tooltip. */
export function credibilityBadge(cred) {
  if (!cred) return h("span", {class: "badge cred none", title: "older version: not reconciled"}, "–");
  return h("span", {class: `badge cred c${cred.value}`, title: `${CREDIBILITY[cred.value]}: ${cred.reason}`},
    String(cred.value));
}

/** "Outlet → hop → origin" for a claim's chain (the outlet's own statement when empty). */
export function chainText(claim) {
  const hops = (claim.sources || []).map((hop) => hop.text);
  return [claim.outlet || "the outlet", ...hops].join(" → ");
}

/** A link to a report, scrolled to a claim. */
export function reportHref(documentId, key) {
  return key ? `#/report/${documentId}?claim=${encodeURIComponent(key)}` : `#/report/${documentId}`;
}

/** "Outlet · 2024-10-18" for a claim or report. */
export function byline(item) {
  return [item.outlet, item.published].filter(Boolean).join(" · ") || item.document || "";
}

/** Numbers as people read them. */
export function number(value) {
  return value === null || value === undefined ? "?" : Number(value).toLocaleString("en-US");
}

export function loading() {
  return h("p", {class: "muted"}, "Loading…");
}
