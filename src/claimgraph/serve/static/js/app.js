// The workbench: a hash router over the views.
import {ApiError, status} from "./api.js";
import {fill, h} from "./dom.js";
import * as claims from "./views/claims.js";
import * as contradictions from "./views/contradictions.js";
import * as echoes from "./views/echoes.js";
import * as estimates from "./views/estimates.js";
import * as ingest from "./views/ingest.js";
import * as map from "./views/map.js";
import * as reports from "./views/reports.js";
import * as sources from "./views/sources.js";
import * as trace from "./views/trace.js";

const ROUTES = {
  reports: reports.list, report: reports.reader, claims: claims.explorer, trace: trace.view,
  estimates: estimates.view, contradictions: contradictions.view, echoes: echoes.view, sources: sources.view,
  map: map.view, ingest: ingest.view,
};
const NAV = {report: "reports", trace: "claims"};
let rendering = 0;

/** The current route: {name, arg, params} from "#/name/arg?params". */
export function route() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = raw.split("?", 2);
  const [name = "reports", ...rest] = path.split("/");
  return {name: name || "reports", arg: rest.map(decodeURIComponent).join("/"), params: new URLSearchParams(query)};
}

function showError(error) {
  const box = document.getElementById("error");
  if (!error) {
    box.hidden = true;
    return;
  }
  fill(box, error instanceof ApiError ? error.message : `Something went wrong: ${error.message || error}`);
  box.hidden = false;
}

async function render() {
  const current = route();
  const draw = ROUTES[current.name] || reports.list;
  const view = document.getElementById("view");
  const ticket = ++rendering;
  showError(null);
  for (const link of document.querySelectorAll("#nav a")) {
    link.classList.toggle("active", link.dataset.view === (NAV[current.name] || current.name));
  }
  try {
    const node = await draw(current);
    if (ticket === rendering) {
      fill(view, node);
      view.dataset.route = location.hash;  // which route is on screen (tests wait on it)
    }
  } catch (error) {
    if (ticket !== rendering) return;
    fill(view, h("p", {class: "muted"}, "This view could not be shown."));
    showError(error);
  }
}

async function start() {
  try {
    const info = await status();
    document.getElementById("nav-ingest").hidden = !info.write;
    fill(document.getElementById("mode"), info.write ? "write mode" : "read-only");
  } catch (error) {
    showError(error);
  }
  window.addEventListener("hashchange", render);
  await render();
}

start();
