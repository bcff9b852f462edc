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
  function ExpressResponse(this: ServerResponse, ...args: ConstructorParameters<typeof ServerResponse>): void {
    initResponse.apply(this, args);
  }
  ExpressResponse.prototype = app.response;
  return createServer({ IncomingMessage: ExpressRequest as unknown as typeof IncomingMessage, ServerResponse: ExpressResponse as unknown as typeof ServerResponse }, app);
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
