// Sources: each origin's kind, country, reliability grade and track record, and their claims.
import {get, put, status, token} from "../api.js";
import {h} from "../dom.js";

const GRADES = {A: "completely reliable", B: "usually reliable", C: "fairly reliable", D: "not usually reliable",
  E: "unreliable", F: "cannot be judged"};

function gradeCell(row, writable) {
  if (!writable) return h("span", {class: `badge grade g${row.reliability}`, title: row.reliability_label}, row.reliability);
  const note = h("span", {class: "muted"});
  const choice = h("select", {"aria-label": `grade of ${row.origin}`},
    Object.entries(GRADES).map(([letter, label]) => h("option", {value: letter, selected: letter === row.reliability},
      `${letter} ${label}`)));
  choice.addEventListener("change", async () => {
    note.textContent = " saving…";
    try {
      const kept = await put("/api/sources/grade", {source: row.origin, grade: choice.value}, token.get());
      note.textContent = ` kept: ${kept.grade}`;
    } catch (error) {
      note.textContent = ` ${error.message}`;
    }
  });
  return h("span", {}, choice, note);
}

/** The sources view. */
export async function view() {
  const [rows, info] = await Promise.all([get("/api/sources"), status()]);
  const writable = info.write;
  const body = rows.map((row) => h("tr", {},
    h("td", {}, row.origin), h("td", {}, row.kind), h("td", {}, row.country || ""),
    h("td", {}, gradeCell(row, writable)),
    h("td", {class: "num"}, String(row.claims)), h("td", {class: "num"}, String(row.corroborated)),
    h("td", {class: "num"}, String(row.contradicted)),
    h("td", {}, h("a", {href: `#/claims?origin=${encodeURIComponent(row.origin)}`}, "claims"))));
  return h("section", {}, h("h1", {}, `Sources (${rows.length})`),
    h("p", {class: "muted"}, "Reliability is your call (Admiralty A–F; F until set)",
      writable ? "; changing it needs the token from the ingest page." : "; start the server with --write to set it."),
    h("table", {class: "grid", id: "sources"},
      h("thead", {}, h("tr", {}, ["origin", "kind", "country", "reliability", "claims", "corroborated", "contradicted", ""]
        .map((x) => h("th", {}, x)))),
      h("tbody", {}, body)));
}
