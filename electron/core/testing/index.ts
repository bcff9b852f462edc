/**
 * The terminal core's second declared surface, for tests and benchmarks outside electron/core
 * (host tests, test/crash, test/e2e, bench/). Product code never imports it (lint).
 */

// A core on fakes (FakeBackend, manual clock, next-turn timers), for host tests.
export { goOffline, goOnline, makeHarness, ManualClock, type Harness, type HarnessOptions } from './harness';

// A core wired as a host wires it, against a real backend process, and a proxy to cut its link.
export { openHttpCore, type HttpCore } from './http-core';
export { RealBackend, realBackendAvailable } from './real-backend';
export { TcpProxy } from './tcp-proxy';

// One bounded wait by condition, shared by every suite that waits for something to happen.
export { eventually, EventuallyError } from './eventually';

/**
 * What a test reads from a terminal's data folder after the fact: the journal's rows (the
 * crash test compares them with the backend) and the stored terminal token's name (a test
 * acting as the same register).
 */
export type { TxnRow } from '../journal/txn-store';
export { SECRET_TERMINAL_TOKEN } from '../context';

// The core's bounds and its role check, for the cross-part tests of how limits relate
// (test/limits.test.ts) and of the one role table as each runtime applies it (test/roles.test.ts).
export { CORE_LIMITS } from '../limits';
export { roleMay as coreRoleMay } from '../roles';
