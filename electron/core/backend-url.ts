/**
 * Where the terminal's money goes, and the terminal token with it: https only, except to this
 * machine (loopback: 127.0.0.0/8, ::1, localhost), where nothing crosses a network. Plain http
 * to another machine needs the hosts' explicit development flag
 * (`KUMAPAY_ALLOW_INSECURE_BACKEND=1`), never a manager's click in Settings.
 */
export const INSECURE_BACKEND_FLAG = 'KUMAPAY_ALLOW_INSECURE_BACKEND';

export type BackendUrlCheck = { ok: true; url: string } | { ok: false; message: string };

function isLoopbackHost(hostname: string): boolean {
  // WHATWG URL parsing has already normalized IPv4 forms (127.1, 0x7f000001) to dotted quads.
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/** The URL normalized (no trailing slash), or why it may not be used. One line, for hosts too. */
export function checkBackendUrl(raw: string, allowInsecure: boolean): BackendUrlCheck {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    // Not a URL at all: the message says so, nothing to recover.
    return { ok: false, message: `The backend URL ${JSON.stringify(raw)} is not a URL.` };
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return { ok: false, message: 'The backend URL must not carry a user name or password.' };
  }
  const secure = parsed.protocol === 'https:';
  const localHttp = parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
  const allowedHttp = parsed.protocol === 'http:' && allowInsecure;
  if (!secure && !localHttp && !allowedHttp) {
    return {
      ok: false,
      message: `The backend URL must start with https:// (plain http:// only to this machine, or with ${INSECURE_BACKEND_FLAG}=1 for development): ${parsed.protocol}//${parsed.host}`,
    };
  }
  return { ok: true, url: parsed.toString().replace(/\/+$/, '') };
}
