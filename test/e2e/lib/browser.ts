/**
 * Debian's Chromium through playwright-core. One browser per test (a fake camera file is fixed
 * at launch, and a browser that saw one test's pages must not carry state into the next).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
// --lang: the counter PC's UI language, which native widgets (the history date field) follow.
const BASE_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--lang=ja-JP'];
/** A counter screen: the renderer is laid out for 1280×800 touch panels. */
/** Issue 10: a counter PC's 1024×768 screen; every screen must fit it without scrolling. */
export const VIEWPORT = { width: 1024, height: 768 } as const;
const LAUNCH_TIMEOUT_MS = 30_000;

export interface LaunchOptions {
  /** Absolute path of a y4m file: Chromium then offers it as a camera (docs/device-facts.md, "Webcam"). */
  fakeCameraY4mPath?: string;
}

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  if (!chromiumInstalled()) {
    throw new Error(`${CHROMIUM_PATH} is missing: flock /tmp/kumapay-apt.lock sh -c 'apt-get update -q && apt-get install -y chromium fonts-noto-cjk'`);
  }
  const args = [...BASE_ARGS];
  if (options.fakeCameraY4mPath) {
    if (!options.fakeCameraY4mPath.startsWith('/')) throw new Error('the fake camera file path must be absolute');
    args.push('--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${options.fakeCameraY4mPath}`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args, headless: true, timeout: LAUNCH_TIMEOUT_MS });
}

export interface PageProblems {
  /** Uncaught exceptions and console errors: a clean run has none. */
  errors: string[];
}

/** A Japanese counter page; page errors and console errors are collected for the test to check. */
export async function newCounterPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  // tsx compiles with esbuild's keepNames, which wraps named functions in `__name(…)`; a
  // function handed to page.evaluate then refers to a helper the page does not have.
  await context.addInitScript('globalThis.__name ??= (target) => target;');
  const page = await context.newPage();
  const problems: PageProblems = { errors: [] };
  page.on('pageerror', (error) => problems.errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.errors.push(`console.error: ${message.text()} (${message.location().url || 'no url'})`);
  });
  // Console errors for failed loads do not name the URL; this does.
  page.on('response', (response) => {
    if (response.status() >= 400) problems.errors.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return { context, page, problems };
}
