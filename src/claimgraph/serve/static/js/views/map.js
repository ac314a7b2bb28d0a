// Places on an offline world map (Natural Earth outlines shipped with the app), sized by claim count.
import {get} from "../api.js";
import {h, number, s} from "../dom.js";

const W = 960;
const H = 480;
const px = (lon) => ((lon + 180) / 360) * W;
const py = (lat) => ((90 - lat) / 180) * H;
let outlines = null;

/** A ring as path data, unwrapped across the antimeridian (a jump of more than 180° continues past
the map's edge, where the view box clips it, instead of drawing a line across the world). */
function ring(points) {
  let shift = 0;
  let last = null;
  return points.map(([lon, lat], i) => {
    if (last !== null && Math.abs(lon + shift - last) > 180) shift += lon + shift > last ? -360 : 360;
    last = lon + shift;
    return `${i ? "L" : "M"}${px(last).toFixed(1)},${py(lat).toFixed(1)}`;
  }).join("") + "Z";
}

function countryPath(feature) {
  const g = feature.geometry;
  const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  return s("path", {d: polygons.flatMap((poly) => poly.map(ring)).join(""), class: "country"},
    s("title", {}, feature.properties.name));
}

/** The view box around the places (at least 60° wide), or the world. */
function frame(places, world) {
  if (world || !places.length) return `0 0 ${W} ${H}`;
  const xs = places.map((p) => px(p.lon));
  const ys = places.map((p) => py(p.lat));
  let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const width = Math.max(x1 - x0 + 80, 160);
  const height = Math.max(y1 - y0 + 80, width / 2);
  x0 = Math.max(0, (x0 + x1) / 2 - width / 2);
  y0 = Math.max(0, (y0 + y1) / 2 - height / 2);
  return `${x0.toFixed(0)} ${y0.toFixed(0)} ${Math.min(width, W).toFixed(0)} ${Math.min(height, H).toFixed(0)}`;
}

const radius = (place, scale) => (2.5 + 2.2 * Math.sqrt(place.claims)) * scale;

/** Which places get a label: most claims first, none overlapping another label. */
function labelled(places, scale) {
  const boxes = [];
  const chosen = new Set();
  for (const place of places) {
    const x = px(place.lon) + radius(place, scale) + 2 * scale;
    const box = [x, py(place.lat) - 7 * scale, x + place.name.length * 6 * scale, py(place.lat) + 5 * scale];
    if (boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
    boxes.push(box);
    chosen.add(place);
  }
  return chosen;
}

function marker(place, scale, label) {
  const r = radius(place, scale);
  const dot = s("g", {class: "place", tabindex: 0, role: "link", dataset: {place: place.name}},
    s("title", {}, `${place.name}${place.country ? `, ${place.country}` : ""}: ${place.claims} claim(s)`),
    s("circle", {cx: px(place.lon), cy: py(place.lat), r}),
    label ? s("text", {x: px(place.lon) + r + 2 * scale, y: py(place.lat) + 3 * scale, class: "place-label",
      "font-size": 10 * scale}, place.name) : null);
  const open = () => { location.hash = `#/claims?place=${encodeURIComponent(place.name)}`; };
  dot.addEventListener("click", open);
  dot.addEventListener("keydown", (event) => event.key === "Enter" && open());
  return dot;
}

/** The map view (?world=1 shows the whole world). */
export async function view({params}) {
  outlines = outlines || await (await fetch("/static/vendor/countries-110m.json")).json();
  const places = await get("/api/places");
  const world = params.get("world") === "1";
  const box = frame(places, world);
  const scale = Math.max(Number(box.split(" ")[2]) / W, 0.25);
  const labels = labelled(places, scale);
  const svg = s("svg", {class: "map", id: "map", viewBox: box, role: "img", "aria-label": "places on a world map"},
    s("rect", {x: 0, y: 0, width: W, height: H, class: "sea"}),
    outlines.features.map(countryPath),
    [...places].reverse().map((p) => marker(p, scale, labels.has(p))));
  const rows = places.map((p) => h("tr", {}, h("td", {}, h("a", {href: `#/claims?place=${encodeURIComponent(p.name)}`}, p.name)),
    h("td", {}, p.country || ""), h("td", {}, p.feature || ""), h("td", {class: "num"}, number(p.claims))));
  return h("section", {}, h("h1", {}, `Places (${places.length})`),
    h("p", {}, world ? h("a", {href: "#/map", class: "button"}, "Zoom to the places") : h("a", {href: "#/map?world=1", class: "button"}, "Whole world"),
      h("span", {class: "muted"}, " Circles are sized by claim count; click one for its claims.")),
    h("div", {class: "map-box"}, svg),
    h("table", {class: "grid compact"}, h("thead", {}, h("tr", {}, ["place", "country", "kind", "claims"].map((x) => h("th", {}, x)))),
      h("tbody", {}, rows)),
    h("p", {class: "muted small"}, "Country outlines: Natural Earth 1:110m (public domain), via world-atlas."));
}
