// The API as the console calls it: the same routes, headers and refusals as any client's.

const KEY = 'extaudiences.console.credentials';
export const BASE = '/data/core/ais';

/** A refusal of the API (or a failure to reach it), shown as it is: status, code, detail. */
export class ApiProblem extends Error {
  constructor(status, body) {
    super(body?.detail || `HTTP ${status}`);
    this.status = status;
    this.title = body?.title || '';
    this.errorCode = body?.errorCode || '';
    this.detail = body?.detail || '';
    this.requestId = body?.requestId || '';
  }

  /** The property the detail names ("ttlInDays: must be ..." names ttlInDays). */
  get field() {
    const match = /^([A-Za-z][\w.\[\]-]*): /.exec(this.detail);
    return match ? match[1] : null;
  }
}

/** The credentials of this tab only: sessionStorage, gone when the tab closes; never a cookie or localStorage. */
export function credentials() {
  const stored = sessionStorage.getItem(KEY);
  return stored ? JSON.parse(stored) : null;
}

export function keep(values) {
  sessionStorage.setItem(KEY, JSON.stringify(values));
}

export function forget() {
  sessionStorage.removeItem(KEY);
}

function headers(given, extra = {}) {
  return {
    Authorization: `Bearer ${given.token}`,
    'x-api-key': given.apiKey,
    'x-gw-ims-org-id': given.orgId,
    'x-sandbox-name': given.sandbox,
    ...extra,
  };
}

/**
 * Calls the API; answers the parsed JSON (null for 204), throws an ApiProblem for any refusal. {@code body} is
 * sent as JSON, {@code raw} as it is (a file).
 */
export async function call(method, path, { body, raw, query, as } = {}) {
  const given = as || credentials();
  if (!given) throw new ApiProblem(401, { title: 'UNAUTHORIZED', detail: 'sign in first' });
  const url = new URL(BASE + path, location.origin);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.append(name, value);
  }
  const extra = body !== undefined ? { 'Content-Type': 'application/json' }
    : raw !== undefined ? { 'Content-Type': raw.type || 'text/csv' } : {};
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: headers(given, extra),
      body: body !== undefined ? JSON.stringify(body) : raw,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (unreachable) {
    throw new ApiProblem(0, { title: 'NETWORK', detail: `the server could not be reached (${unreachable.message})` });
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch (notJson) {
    parsed = { detail: text.slice(0, 500) };
  }
  if (!response.ok) throw new ApiProblem(response.status, parsed);
  return parsed;
}

export const enc = encodeURIComponent;
