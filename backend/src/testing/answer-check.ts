import { z } from 'zod';
import { errorBody, isoInstant } from '../../../common/wire/primitives';
import type { Route } from '../http/route';
import { routes } from '../http/routes';

/**
 * Every answer a suite receives, checked against the contract: a 2xx body against its route's
 * response schema, anything else against the error body. A terminal that cannot parse an
 * answer treats the request as "outcome unknown" (確認中 for a payment that went through), so
 * a drift must fail a test, not wait for a counter to find it.
 */
export interface Endpoint {
  method: string;
  path: string;
  response: z.ZodType;
  /** A refusal's body; the contract's error body unless the endpoint answers its own. */
  refusal?: z.ZodType;
}

/** Served by app.ts beside the routes table; the bodies their callers rely on. */
const BESIDE_THE_TABLE: readonly Endpoint[] = [
  { method: 'get', path: '/livez', response: z.object({ ok: z.literal(true) }) },
  { method: 'get', path: '/healthz', response: z.object({ ok: z.literal(true) }), refusal: z.object({ ok: z.literal(false), reason: z.string() }) },
  { method: 'post', path: '/v1/test/clock', response: z.object({ now: isoInstant }) },
  { method: 'get', path: '/openapi.json', response: z.object({ openapi: z.string(), paths: z.record(z.string(), z.record(z.string(), z.unknown())) }) },
];

interface Matcher {
  endpoint: Endpoint;
  pattern: RegExp;
}

/**
 * As Express matches: `:name` is one path segment, letters' case and a trailing slash do not
 * count, the first match in registration order wins.
 */
function matcherOf(endpoint: Endpoint): Matcher {
  const escaped = endpoint.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+');
  return { endpoint, pattern: new RegExp(`^${escaped}/?$`, 'i') };
}

export interface AnswerChecker {
  /** The endpoint Express would serve this request with (the query string aside). */
  endpointOf(method: string, path: string): Endpoint | null;
  /** Why the answer is not the contract's, or null when it is. */
  drift(method: string, path: string, status: number, body: unknown): string | null;
}

export function answerChecker(endpoints: readonly Endpoint[]): AnswerChecker {
  const matchers = endpoints.map(matcherOf);
  const endpointOf = (method: string, path: string): Endpoint | null => {
    const bare = path.split('?')[0] ?? path;
    return matchers.find((m) => m.endpoint.method === method.toLowerCase() && m.pattern.test(bare))?.endpoint ?? null;
  };
  const drift = (method: string, path: string, status: number, body: unknown): string | null => {
    const endpoint = endpointOf(method, path);
    let schema = endpoint?.refusal ?? errorBody;
    if (status >= 200 && status < 300) {
      if (!endpoint) return `${method} ${path} answered ${status}, but no route in the table serves it: no schema to check the answer against`;
      schema = endpoint.response;
    }
    const parsed = schema.safeParse(body);
    if (parsed.success) return null;
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    return `${method} ${path} answered ${status} with a body that drifts from the contract (${issues}): ${JSON.stringify(body).slice(0, 500)}`;
  };
  return { endpointOf, drift };
}

const tableEndpoints = (table: readonly Route[]): Endpoint[] => table.map((r) => ({ method: r.method, path: r.path, response: r.response }));

/** The backend's own check: the endpoints beside the table first, as app.ts registers them. */
export const backendAnswers = answerChecker([...BESIDE_THE_TABLE, ...tableEndpoints(routes)]);

