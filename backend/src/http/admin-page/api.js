// @ts-check
/**
 * The admin API as the page calls it. The admin token lives in sessionStorage only: it goes
 * with this tab when the tab closes, no cookie carries it (so no other site can make the
 * browser send it), and it leaves the page only as the Bearer header of these calls.
 */

const TOKEN_KEY = 'kumapay.admin.token';
const OPERATOR_KEY = 'kumapay.admin.operator';
/** A report over a long period or a sweep of many wallets takes seconds; a minute means stuck. */
const REQUEST_TIMEOUT_MS = 60_000;

/** A refusal as the backend gave it (`{"error":{"code","message",…}}`), or a local one. */
export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, 0 when the server was not reached
   * @param {string} code
   * @param {string} message
   * @param {{ path: string, message: string }[]} issues which fields were refused and why
   * @param {Record<string, unknown>} [details] the refusal's other fields (e.g. `reason`, `missingColumns`), as sent
   */
  constructor(status, code, message, issues, details = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.details = details;
  }
}

/** @returns {{ token: string, operator: string } | null} */
export function savedSession() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  return { token, operator: sessionStorage.getItem(OPERATOR_KEY) ?? '' };
}

/** @param {string} token @param {string} operator */
export function saveSession(token, operator) {
  sessionStorage.setItem(TOKEN_KEY, token);
  if (operator) sessionStorage.setItem(OPERATOR_KEY, operator);
  else sessionStorage.removeItem(OPERATOR_KEY);
}

export function clearSession() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(OPERATOR_KEY);
}

/**
 * @param {{ token: string, operator: string }} session
 * @param {string} accept
 * @param {string | null} contentType
 * @returns {Record<string, string>}
 */
function headersOf(session, accept, contentType) {
  /** @type {Record<string, string>} */
  const headers = { authorization: `Bearer ${session.token}`, accept };
  if (contentType) headers['content-type'] = contentType;
  // The audit trail names the person behind the shared admin token (docs/api.md, X-Operator);
  // percent-encoded, as a header cannot carry 山田 as it is.
  if (session.operator) headers['x-operator'] = encodeURIComponent(session.operator);
  return headers;
}

/**
 * @param {string} method
 * @param {string} path
 * @param {{ token: string, operator: string }} session
 * @param {{ body?: unknown, file?: { bytes: Blob, type: string }, accept?: string, timeoutMs?: number }} [options] a JSON body, or a file sent as its bytes
 * @returns {Promise<Response>}
 */
async function send(method, path, session, options = {}) {
  const withBody = options.body !== undefined;
  const contentType = options.file ? options.file.type : withBody ? 'application/json' : null;
  try {
    return await fetch(path, {
      method,
      headers: headersOf(session, options.accept ?? 'application/json', contentType),
      body: options.file ? options.file.bytes : withBody ? JSON.stringify(options.body) : null,
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error), []);
  }
}

/**
 * @param {Response} response
 * @returns {Promise<ApiError>}
 */
async function refusal(response) {
  const text = await response.text();
  try {
    const parsed = JSON.parse(text);
    const error = parsed && typeof parsed === 'object' ? parsed.error : null;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') {
      const issues = Array.isArray(error.issues)
        ? error.issues.map((/** @type {{ path?: unknown, message?: unknown }} */ issue) => ({
            path: Array.isArray(issue.path) ? issue.path.join('.') : String(issue.path ?? ''),
            message: String(issue.message ?? ''),
          }))
        : [];
      const { code: _code, message: _message, issues: _issues, ...details } = error;
      return new ApiError(response.status, error.code, error.message, issues, details);
    }
  } catch {
    // Not JSON (a proxy's error page): reported below by its status.
  }
  return new ApiError(response.status, 'not_json', text.slice(0, 200), []);
}

/**
 * A JSON call; a refusal is thrown as ApiError.
 * @param {string} method
 * @param {string} path
 * @param {{ token: string, operator: string }} session
 * @param {unknown} [body]
 * @returns {Promise<unknown>}
 */
export async function callJson(method, path, session, body) {
  return answerOf(await send(method, path, session, body === undefined ? {} : { body }));
}

/**
 * A file sent as it is (the bus system's CSV, R24: the server reads its encoding from the bytes,
 * so the page must not decode or re-encode it), answered with JSON.
 * @param {string} path
 * @param {{ token: string, operator: string }} session
 * @param {Blob} bytes
 * @param {string} type the content type, e.g. text/csv
 * @param {number} timeoutMs
 * @returns {Promise<unknown>}
 */
export async function sendFile(path, session, bytes, type, timeoutMs) {
  return answerOf(await send('POST', path, session, { file: { bytes, type }, timeoutMs }));
}

/**
 * @param {Response} response
 * @returns {Promise<unknown>}
 */
async function answerOf(response) {
  if (!response.ok) throw await refusal(response);
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new ApiError(response.status, 'not_json', text.slice(0, 200), []);
  }
}

/**
 * A report as the backend's CSV (UTF-8 with BOM), bytes untouched.
 * @param {string} path
 * @param {{ token: string, operator: string }} session
 * @returns {Promise<Blob>}
 */
export async function fetchCsv(path, session) {
  const response = await send('GET', path, session, { accept: 'text/csv' });
  if (!response.ok) throw await refusal(response);
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/csv')) throw new ApiError(response.status, 'not_csv', `the server answered ${type || 'no content type'} instead of CSV`, []);
  return response.blob();
}
