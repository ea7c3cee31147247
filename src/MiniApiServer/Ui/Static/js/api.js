// Every request goes to this server's own Kubernetes API; the bearer token lives only in this module's memory.
let token = null;
const authListeners = [];

export function setToken(value) { token = value || null; }
export function onUnauthorized(listener) { authListeners.push(listener); }

export class ApiError extends Error {
  constructor(code, reason, message) {
    super(message);
    this.code = code;
    this.reason = reason;
  }
}

export function headers(extra) {
  const h = { Accept: 'application/json', ...extra };
  if (token) h.Authorization = 'Bearer ' + token;
  return h;
}

// A failed response carries a metav1.Status; its message is what kubectl would print.
export async function failure(response) {
  let reason = response.statusText;
  let message = `${response.status} ${response.statusText}`;
  try {
    const status = await response.json();
    if (status && status.kind === 'Status') {
      reason = status.reason || reason;
      message = status.message || message;
    }
  } catch { /* a non-Status body keeps the HTTP line as the message */ }
  if (response.status === 401) authListeners.forEach(l => l());
  return new ApiError(response.status, reason, message);
}

export async function request(method, path, body, contentType, signal) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': contentType || 'application/json' }), signal };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  if (!response.ok) throw await failure(response);
  return response.status === 204 ? null : response.json();
}

export const get = (path, signal) => request('GET', path, undefined, undefined, signal);
export const post = (path, body) => request('POST', path, body);
export const del = path => request('DELETE', path);
export const mergePatch = (path, body) => request('PATCH', path, body, 'application/merge-patch+json');
export const strategicPatch = (path, body) => request('PATCH', path, body, 'application/strategic-merge-patch+json');
