import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { Express } from 'express';

/**
 * The HTTP server for `app`, whose requests and responses are made with Express's prototypes
 * (`app.request`, `app.response`) from the start.
 *
 * Express gives every request and response those prototypes with `Object.setPrototypeOf` as it
 * dispatches them (`app.handle`), and calls it for every request; with the prototype already in
 * place the call changes nothing. A prototype changed on a live object costs V8 far more than
 * the call: measured here
 * (issue 16), a quarter to a third of the young objects then survived each scavenge (a request's
 * whole graph: router closures, headers, stream state) and were promoted, only to die in the
 * old generation, and a bare Express "hello" answered half as many requests a second as the
 * same app on this server (4,897 against 9,968/s; 0.1 % survived). Express stays in charge of
 * everything else; a mounted sub-app still swaps prototypes, only for its own requests.
 */
export function createExpressServer(app: Express): Server {
  // Node's constructors are plain functions (Node 20–24), run here on an object made by `new`
  // with Express's prototype; `Reflect.construct` would do the same for a class, but measured
  // far slower per request. Should Node make them classes, Express swaps prototypes as before.
  if (isClass(IncomingMessage) || isClass(ServerResponse)) return createServer(app);
  const initRequest = IncomingMessage as unknown as (this: IncomingMessage, ...args: ConstructorParameters<typeof IncomingMessage>) => void;
  const initResponse = ServerResponse as unknown as (this: ServerResponse, ...args: ConstructorParameters<typeof ServerResponse>) => void;
  function ExpressRequest(this: IncomingMessage, ...args: ConstructorParameters<typeof IncomingMessage>): void {
    initRequest.apply(this, args);
  }
  ExpressRequest.prototype = app.request;
  const ExpressResponse = sizedForResponses(initResponse);
  ExpressResponse.prototype = app.response;
  return createServer({ IncomingMessage: ExpressRequest as unknown as typeof IncomingMessage, ServerResponse: ExpressResponse as unknown as typeof ServerResponse }, app);
}

/** Assignments to `this` in the response's constructor's source text: above Node 20's forty fields and Express's three. */
const RESPONSE_FIELDS_HINT = 64;

/**
 * A constructor that runs `init` on the new object, written so V8 gives its objects room for a
 * response's fields. V8 sizes a constructor's objects by the assignments to `this` in its source
 * text (plus a few), and a plain wrapper holds none: a response's forty-odd fields then spilled
 * into a separate store, and Node's first symbol-keyed store past twelve of them turned every
 * response into a dictionary (`%HasFastProperties` false; with the room, HTTP@32 0.96–1.16 of the
 * rate without it side by side in six runs, about +3 %: docs/performance.md "Twenty-fourth
 * session"). The assignments after `return` never run; V8's parser counts them all the same, and
 * its slack tracking gives back the room no response uses. `Reflect.construct`, which sizes by
 * Node's constructor, made responses far slower still (0.67 of the rate).
 */
function sizedForResponses(init: (this: ServerResponse, ...args: ConstructorParameters<typeof ServerResponse>) => void): (this: ServerResponse, ...args: ConstructorParameters<typeof ServerResponse>) => void {
  const hint = Array.from({ length: RESPONSE_FIELDS_HINT }, (_, i) => `this.f${i} = 0;`).join(' ');
  // Source text, not a function written here, so no compiler on the way (esbuild under tsx, a
  // bundler) can drop the never-run assignments as dead code.
  const make = new Function('init', `return function ExpressResponse(...args) { init.apply(this, args); return; ${hint} };`) as (i: typeof init) => typeof init;
  return make(init);
}

function isClass(constructor: unknown): boolean {
  return /^class\b/.test(Function.prototype.toString.call(constructor));
}

/** `createExpressServer(app)` listening on `host:port`; rejects when it cannot listen (port taken, no permission). */
export function listenExpress(app: Express, port: number, host: string): Promise<Server> {
  const server = createExpressServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
