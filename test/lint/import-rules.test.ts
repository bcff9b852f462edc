/**
 * The import-direction rules (eslint.config.js, docs/architecture.md) checked on deliberate bad
 * imports: each snippet is linted with the repository's own config as if it were the file at
 * `filePath`, so a rule that stops matching (a typo in a glob, a dropped entry) fails here.
 */
import { describe, expect, it } from 'vitest';
import { lintAs } from './lint-as';

/** The import-direction messages ESLint gives `code` placed at `filePath`. */
function crossings(filePath: string, code: string): Promise<string[]> {
  return lintAs(filePath, code, 'kumapay/import-boundaries');
}

type Case = [file: string, code: string];

const REFUSED: Case[] = [
  // electron/web and electron/host-common (issue 15: both linted clean before).
  ['electron/web/server.ts', "import { pay } from '../../backend/src/usecases/payments';"],
  ['electron/web/server.ts', "import { Keypad } from '../../renderer/components/Keypad';"],
  ['electron/host-common/open-terminal.ts', "import { pay } from '../../backend/src/usecases/payments';"],
  ['electron/host-common/open-terminal.ts', "import { HomeScreen } from '../../renderer/screens/HomeScreen';"],
  ['electron/web/server.ts', "import { app } from 'electron';"],
  ['electron/host-common/logger.ts', "import { app } from 'electron';"],
  ['electron/host-common/open-terminal.ts', "import { createDeviceManager } from '../../hardware/manager/device-manager';"],
  ['electron/web/server.ts', "import { makeHarness } from '../core/testing/index';"],
  ['electron/web/sim.ts', "import { dispatchCall } from '../main/ipc-dispatch';"],
  // common/: every Node built-in, in both spellings, including the two the old list missed.
  ['common/money.ts', "import { EventEmitter } from 'events';"],
  ['common/money.ts', "import { EventEmitter } from 'node:events';"],
  ['common/money.ts', "import { inspect } from 'util';"],
  ['common/money.ts', "import { readFile } from 'fs/promises';"],
  ['common/money.ts', "import { test } from 'node:test';"],
  ['common/money.ts', "export * from '../backend/src/domain/roles';"],
  // The terminal core's declared surface.
  ['test/crash/run.ts', "import { Journal } from '../../electron/core/journal/journal';"],
  ['electron/web/server.ts', "import type { Logger } from '../core/ports';"],
  ['bench/terminal.bench.ts', "import { TcpProxy } from '../electron/core/testing/tcp-proxy';"],
  ['scripts/demo.ts', "import { TerminalCore } from '../electron/core/terminal-core';"],
  ['electron/core/terminal-core.ts', "import { startWebHost } from '../web/server';"],
  ['electron/core/terminal-core.ts', "import { makeHarness } from './testing/harness';"],
  // A bare `.`/`..` names a folder's index: still relative, still checked.
  ['electron/core/journal/journal.ts', "import { TerminalCore } from '..';"],
  // The renderer: no shell from below, dynamic imports too; hooks below screens.
  ['renderer/components/Keypad.tsx', "import { TerminalShell } from '../app/TerminalShell';"],
  ['renderer/scan/use-wedge-scanner.ts', "import { App } from '../app/App';"],
  ['renderer/screens/HomeScreen.tsx', "const shell = () => import('../app/TerminalShell');"],
  ['renderer/hooks/use-keys.ts', "import { Keypad } from '../components/Keypad';"],
  ['renderer/screens/HomeScreen.tsx', "import { Journal } from '../../electron/core/index';"],
  ['renderer/format/drop.ts', "import { EventEmitter } from 'events';"],
  // backend/src/domain stays pure.
  ['backend/src/domain/charge.ts', "import type { Tx } from '../store/store';"],
];

const ALLOWED: Case[] = [
  ['electron/web/server.ts', "import type { Logger } from '../core/index';"],
  ['electron/web/server.ts', "import { isCommandName } from '../../common/terminal-api';"],
  ['electron/web/server.test.ts', "import { makeHarness } from '../core/testing/index';"],
  ['electron/host-common/open-terminal.ts', "import { createDeviceManager } from '../../hardware/index';"],
  ['electron/host-common/open-terminal.ts', "import { createDemoHardware } from '../../hardware/simulators/index';"],
  ['test/crash/run.ts', "import { Journal } from '../../electron/core';"],
  ['test/crash/run.ts', "import { RealBackend } from '../../electron/core/testing/index';"],
  ['electron/core/terminal-core.ts', "import { Journal } from './journal/journal';"],
  ['common/money.ts', "import { z } from 'zod';"],
  // An exact name: a local file called like a built-in is not the built-in.
  ['common/money.ts', "import { x } from './events';"],
  ['renderer/components/Keypad.tsx', "import { useKeys } from '../hooks/use-keys';"],
  ['renderer/screens/HomeScreen.test.tsx', "import { App } from '../app/App';"],
  ['renderer/test-support/render-app.tsx', "import { App } from '../app/App';"],
  ['renderer/app/TerminalShell.tsx', "import { HomeScreen } from '../screens/HomeScreen';"],
];

describe('import direction (docs/architecture.md), checked by ESLint', () => {
  it.each(REFUSED)('When %s imports a part it may not (%s), then lint reports it', async (file, code) => {
    const messages = await crossings(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('docs/architecture.md');
  });

  it.each(ALLOWED)('When %s imports what the architecture allows (%s), then lint says nothing', async (file, code) => {
    expect(await crossings(file, code)).toEqual([]);
  });

  it('When a bad import is reported, then the message names what it reached and why', async () => {
    const [message] = await crossings('electron/web/server.ts', "import { pay } from '../../backend/src/usecases/payments';");
    expect(message).toContain('backend/src/usecases/payments');
    expect(message).toContain('reaches the backend over HTTP');
  });
});
