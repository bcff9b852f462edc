/**
 * Browser host configuration, from flags (`--demo`, `--port 4310`, …) or KUMAPAY_* variables,
 * validated at start so a bad value fails fast with one line. KUMAPAY_ALLOW_INSECURE_BACKEND=1
 * (development only) allows a plain-http backend on another machine. `--demo-pcsc system`
 * (KUMAPAY_DEMO_PCSC) gives demo mode this machine's real PC/SC readers instead of the simulated one.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { checkBackendUrl, INSECURE_BACKEND_FLAG } from '../core/index';

const schema = z
  .object({
    port: z.coerce.number().int().min(0).max(65_535),
    dataDir: z.string().min(1),
    backendUrl: z.url(),
    rendererDir: z.string().min(1),
    demo: z.boolean(),
    demoCustomerToken: z.string().min(1).nullable(),
    /** The demo's second customer (KUMAPAY_DEMO_PARTNER_TOKEN): the receive-QR the first sends points to (R23). */
    demoPartnerToken: z.string().min(1).nullable(),
    /** The seed's point event code (KUMAPAY_DEMO_EVENT_CODE), offered on the customer page (R23). */
    demoEventCode: z.string().min(1).max(128).nullable(),
    /** Demo mode's PC/SC reader: simulated in memory, or this machine's smart-card service (pcscd; the e2e scenario's vpcd). */
    demoPcsc: z.enum(['simulated', 'system']),
    allowInsecureBackend: z.boolean(),
  })
  // The default backend follows the core's rule (https, or this machine), checked here so a
  // bad one stops the host with one line before anything opens.
  .superRefine((config, ctx) => {
    const checked = checkBackendUrl(config.backendUrl, config.allowInsecureBackend);
    if (!checked.ok) ctx.addIssue({ code: 'custom', path: ['backendUrl'], message: checked.message });
  });
export type WebHostConfig = z.infer<typeof schema>;

export function loadWebHostConfig(argv: string[], env: NodeJS.ProcessEnv): WebHostConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'backend-url': { type: 'string' },
      'renderer-dir': { type: 'string' },
      demo: { type: 'boolean' },
      'demo-customer-token': { type: 'string' },
      'demo-pcsc': { type: 'string' },
    },
    strict: true,
  });
  const parsed = schema.safeParse({
    port: values.port ?? env.KUMAPAY_TERMINAL_PORT ?? 4310,
    dataDir: values['data-dir'] ?? env.KUMAPAY_TERMINAL_DATA ?? './data/terminal',
    backendUrl: values['backend-url'] ?? env.KUMAPAY_BACKEND_URL ?? 'http://127.0.0.1:8787',
    rendererDir: values['renderer-dir'] ?? './dist/renderer',
    demo: values.demo ?? env.KUMAPAY_DEMO === '1',
    demoCustomerToken: values['demo-customer-token'] ?? env.KUMAPAY_DEMO_CUSTOMER_TOKEN ?? null,
    // Environment only, like the customer token: secrets stay out of `ps`.
    demoPartnerToken: env.KUMAPAY_DEMO_PARTNER_TOKEN || null,
    demoEventCode: env.KUMAPAY_DEMO_EVENT_CODE || null,
    demoPcsc: values['demo-pcsc'] ?? env.KUMAPAY_DEMO_PCSC ?? 'simulated',
    allowInsecureBackend: env[INSECURE_BACKEND_FLAG] === '1',
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`bad configuration: ${String(issue?.path[0] ?? '')}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
