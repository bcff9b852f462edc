import { z } from 'zod';
import type { Route } from './route';
import { errorBody } from '../../../common/wire/primitives';

/** The OpenAPI document, generated from the same zod schemas the server validates with. */
export function buildOpenApi(routes: readonly Route[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorSchema = z.toJSONSchema(errorBody, { io: 'output', unrepresentable: 'any' });
  const security = { admin: [{ admin: [] }], terminal: [{ terminal: [] }], staff: [{ terminal: [], staff: [] }], customer: [{ customer: [] }], none: [] };
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (r.query) {
      const q = z.toJSONSchema(r.query, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) params.push({ name, in: 'query', required: (q.required ?? []).includes(name), schema: schema as { type: string } });
    }
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      security: security[r.auth],
      parameters: params,
      ...(r.rawBody
        ? { requestBody: { required: true, content: { [r.rawBody.mediaType]: { schema: { type: 'string', format: 'binary', description: `the file as it is, at most ${r.rawBody.bytesMax} bytes` } } } } }
        : r.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }) } } } }
          : {}),
      responses: {
        [String(r.okStatus ?? 200)]: { description: 'OK', content: { 'application/json': { schema: z.toJSONSchema(r.response, { io: 'output', unrepresentable: 'any' }) } } },
        '4XX': { description: 'Refused: {"error": {"code", "message", ...details}}', content: { 'application/json': { schema: errorSchema } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'KumaPAY backend', version: '1.0.0', description: 'Generated from the wire schemas in common/wire. See docs/api.md.' },
    components: {
      securitySchemes: {
        admin: { type: 'http', scheme: 'bearer' },
        terminal: { type: 'http', scheme: 'bearer' },
        staff: { type: 'apiKey', in: 'header', name: 'X-Staff-Session' },
        customer: { type: 'http', scheme: 'bearer' },
      },
    },
    paths,
  };
}
