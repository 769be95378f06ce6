// The API client: the signed-in token, the chosen language, JSON in and out, and
// the error envelope turned into an ApiError.
import { lang } from "./i18n.js";

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error?.code || "network";
    this.reasons = error?.reasons || [];
    this.field = error?.field;
  }
}

let token = sessionStorage.getItem("icp.token") || "";

export function setToken(value) {
  token = value || "";
  if (token) sessionStorage.setItem("icp.token", token); else sessionStorage.removeItem("icp.token");
}

export function getToken() { return token; }

export async function call(method, path, { body, params, key } = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
  }
  const headers = { "Accept-Language": lang() === "en" ? "en" : "zh-CN" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (key) headers["Idempotency-Key"] = key;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiError(0, { code: "network", message: String(err.message || err) });
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data?.error);
  return data;
}

// A POST that takes effect at most once: one Idempotency-Key for as long as the same
// request is retried (a double click, a time-out, a 503); the server answers a repeat
// with the first answer. While the first is still running (409 request_in_progress)
// wait and ask again with the same key.
export async function once(path, body, key) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call("POST", path, { body, key });
    } catch (err) {
      const again = err.code === "request_in_progress" || err.code === "unavailable" || err.code === "network";
      if (!again || attempt >= 8) throw err;
      await new Promise((resolve) => setTimeout(resolve, 150 * (attempt + 1)));
    }
  }
}

export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Every page of a list, one request at a time, while ``more`` says to go on.
export async function page(path, params, cursor) {
  return call("GET", path, { params: { ...params, cursor } });
}
