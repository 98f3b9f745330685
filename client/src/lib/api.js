import { readToken } from './token';

export class ApiError extends Error {
  constructor(status, body) {
    const error = body?.error ?? {};
    super(error.message || `Request failed with status ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.code = error.code || 'http_error';
    this.details = error.details ?? null;
  }

  /** Field errors keyed by field path, for forms. */
  fieldErrors() {
    if (!Array.isArray(this.details)) return {};
    const byField = {};
    for (const { field, message } of this.details) {
      if (field && !byField[field]) byField[field] = message;
    }
    return byField;
  }
}

function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function createApiClient({
  getToken = readToken,
  fetchImpl = (...args) => fetch(...args),
} = {}) {
  let onUnauthorized = () => {};

  async function send(method, path, { body, query, as = 'json' } = {}) {
    const headers = { Accept: 'application/json' };
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    const response = await fetchImpl(withQuery(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });

    // A rejected token ends the session wherever the call came from.
    if (response.status === 401 && token) onUnauthorized();

    if (!response.ok) {
      const payload = await response.json().catch(() => null);
      throw new ApiError(response.status, payload);
    }
    if (as === 'blob') return response.blob();
    if (response.status === 204) return null;
    return response.json();
  }

  return {
    get: (path, query) => send('GET', path, { query }),
    post: (path, body) => send('POST', path, { body }),
    put: (path, body) => send('PUT', path, { body }),
    patch: (path, body) => send('PATCH', path, { body }),
    del: (path, query) => send('DELETE', path, { query }),
    blob: (path) => send('GET', path, { as: 'blob' }),
    setUnauthorizedHandler(handler) {
      onUnauthorized = handler;
    },
  };
}

export const api = createApiClient();
