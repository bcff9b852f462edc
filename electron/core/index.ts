/**
 * The terminal core's declared surface: all that code outside electron/core may import (the
 * lint rule `kumapay/import-boundaries` bans deep imports). Hosts (electron/main, electron/web,
 * electron/host-common) wire a core from these parts; everything else under electron/core is
 * internal and may move. Tests that need the core's fakes use electron/core/testing/index.ts.
 */

// The core and what opening one takes.
export { TerminalCore, silentLogger, type CoreOptions } from './terminal-core';
export { Journal } from './journal/journal';

// The ports a host plugs in, and the adapters hosts use for them.
export type { Backend, BackendOutcome, Clock, DeviceEvent, Devices, DeviceSettingOutcome, Logger, Printers, SecretStore, Timers } from './ports';
export { HttpBackend, type BackendTimeouts } from './backend/http-backend';
export { FileSecretStore } from './adapters/file-secret-store';
/** Electron's safeStorage secret store keeps its files the same way as FileSecretStore: 0600, written atomically. */
export { privateFilePath, readFileIfExists, writePrivateFile } from './adapters/private-file';

/** Hosts check the configured backend URL at start, before a core exists, with the core's own rule. */
export { checkBackendUrl, INSECURE_BACKEND_FLAG, type BackendUrlCheck } from './backend-url';
