// The REST API as functions; errors carry the API's one error shape.

export class ApiError extends Error {
  constructor(body, status) {
    const error = (body && body.error) || {code: "E000", message: `HTTP ${status}`};
    super(error.message);
    this.code = error.code;
    this.status = status;
  }
}

async function call(method, path, {body, form, token} = {}) {
  const headers = {Accept: "application/json"};
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (form) payload = form;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, {method, headers, body: payload, credentials: "same-origin"});
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(data, response.status);
  return data;
}

/** GET with query parameters (arrays repeat the parameter; empty values are left out). */
export function get(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const one of [].concat(value)) if (one !== "" && one !== null && one !== undefined) query.append(name, one);
  }
  const text = query.toString();
  return call("GET", text ? `${path}?${text}` : path);
}

export const post = (path, body, token) => call("POST", path, {body, token});
export const put = (path, body, token) => call("PUT", path, {body, token});
export const upload = (path, form, token) => call("POST", path, {form, token});

const TOKEN_KEY = "claimgraph-token";
export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY) || "",
  set: (value) => (value ? sessionStorage.setItem(TOKEN_KEY, value) : sessionStorage.removeItem(TOKEN_KEY)),
};

let statusPromise = null;
/** The server's status (write mode, counts), fetched once. */
export function status() {
  statusPromise = statusPromise || get("/api/status");
  return statusPromise;
}
