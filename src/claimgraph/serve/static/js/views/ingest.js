// Ingest (write mode): paste text, fetch a URL or upload files, with progress.
import {post, status, token, upload} from "../api.js";
import {h, reportHref} from "../dom.js";

function metaFields(prefix) {
  return h("div", {class: "row"},
    h("label", {}, "published", h("input", {type: "date", name: "published", id: `${prefix}-published`})),
    h("label", {}, "outlet", h("input", {type: "text", name: "outlet", id: `${prefix}-outlet`, maxlength: 500})),
    h("label", {}, "title", h("input", {type: "text", name: "title", id: `${prefix}-title`, maxlength: 500})));
}

function meta(form) {
  const out = {};
  for (const name of ["published", "outlet", "title"]) if (form.elements[name]?.value) out[name] = form.elements[name].value;
  return out;
}

/** One result line per article added (with a link) and per input skipped. */
function report(log, label, result) {
  for (const added of result.added) {
    log.append(h("li", {class: `result ${added.status}`},
      h("span", {class: "badge"}, added.status), ` ${added.claims} claim(s) · `,
      h("a", {href: reportHref(added.document_id)}, added.title || added.origin)));
  }
  for (const skipped of result.skipped) log.append(h("li", {class: "result skipped"}, `${label}: ${skipped.message}`));
}

function failed(log, label, error) {
  log.append(h("li", {class: "result failed"}, `${label}: ${error.message}`));
}

function textForm(log) {
  const send = async (event) => {
    event.preventDefault();
    const form = event.target;
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const body = {text: form.elements.text.value, ...meta(form)};
      if (form.elements.url.value) body.url = form.elements.url.value;
      report(log, "pasted text", await post("/api/documents", body, token.get()));
      form.elements.text.value = "";
    } catch (error) {
      failed(log, "pasted text", error);
    } finally {
      button.disabled = false;
    }
  };
  return h("form", {class: "ingest", id: "ingest-text", onsubmit: send}, h("h2", {}, "Paste an article"),
    h("textarea", {name: "text", rows: 8, required: true, placeholder: "SEOUL (AP) — …"}), metaFields("text"),
    h("label", {}, "URL (optional)", h("input", {type: "url", name: "url"})), h("button", {type: "submit"}, "Extract and store"));
}

function urlForm(log, allowPrivate) {
  const send = async (event) => {
    event.preventDefault();
    const form = event.target;
    try {
      report(log, form.elements.url.value, await post("/api/documents/fetch", {url: form.elements.url.value, ...meta(form)}, token.get()));
    } catch (error) {
      failed(log, form.elements.url.value, error);
    }
  };
  return h("form", {class: "ingest", id: "ingest-url", onsubmit: send}, h("h2", {}, "Fetch a URL"),
    h("input", {type: "url", name: "url", required: true, placeholder: "the address of an article"}), metaFields("url"),
    h("p", {class: "muted"}, allowPrivate ? "Private and loopback addresses are allowed (--allow-private)."
      : "Private and loopback addresses are refused."),
    h("button", {type: "submit"}, "Fetch, extract and store"));
}

function fileForm(log) {
  const bar = h("progress", {id: "ingest-progress", max: 1, value: 0, hidden: true});
  const state = h("p", {class: "muted", id: "ingest-state"});
  const send = async (event) => {
    event.preventDefault();
    const form = event.target;
    const files = [...form.elements.files.files];
    bar.max = files.length;
    bar.value = 0;
    bar.hidden = false;
    for (const [i, file] of files.entries()) {
      state.textContent = `Extracting ${file.name} (${i + 1} of ${files.length})…`;
      const data = new FormData();
      data.append("file", file, file.name);
      for (const [name, value] of Object.entries(meta(form))) data.append(name, value);
      try {
        report(log, file.name, await upload("/api/documents/upload", data, token.get()));
      } catch (error) {
        failed(log, file.name, error);
      }
      bar.value = i + 1;
    }
    state.textContent = `Done: ${files.length} file(s).`;
  };
  return h("form", {class: "ingest", id: "ingest-files", onsubmit: send}, h("h2", {}, "Upload files"),
    h("p", {class: "muted"}, "Text, HTML, JSON or JSON Lines (one article per record, with its own published/outlet)."),
    h("input", {type: "file", name: "files", multiple: true, required: true, accept: ".txt,.text,.md,.html,.htm,.json,.jsonl,.ndjson"}),
    metaFields("files"), h("button", {type: "submit"}, "Upload, extract and store"), bar, state);
}

/** The ingest view; a ?token= in the address is kept for this tab and taken out of the address. */
export async function view({params}) {
  const info = await status();
  if (params.get("token")) {
    token.set(params.get("token"));
    history.replaceState(null, "", "#/ingest");
  }
  if (!info.write) {
    return h("section", {}, h("h1", {}, "Ingest"),
      h("p", {}, "This workbench is read-only. Start it with ", h("code", {}, "claimgraph serve --write"),
        " to add reports from the browser."));
  }
  const tokenInput = h("input", {type: "password", id: "token", value: token.get(), autocomplete: "off",
    placeholder: "the token claimgraph serve --write printed"});
  tokenInput.addEventListener("change", () => token.set(tokenInput.value.trim()));
  const log = h("ul", {class: "log", id: "ingest-log"});
  return h("section", {}, h("h1", {}, "Ingest"),
    h("label", {class: "token"}, "Token ", tokenInput),
    h("p", {class: "muted"}, "Extraction runs on the server; the first report takes a few seconds more while the model loads."),
    h("div", {class: "ingest-grid"}, fileForm(log), textForm(log), urlForm(log, info.allow_private)),
    h("h2", {}, "Results"), log);
}
