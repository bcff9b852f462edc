/**
 * The e2e test shape and what each test gets: its own scratch folder, cleanups that run in
 * reverse order whatever happens, and screenshots named after the test in test-results/e2e.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../../../scripts/lib/processes';

export const RESULTS_DIR = path.join(ROOT, 'test-results/e2e');

export interface E2eTest {
  /** "When …, then …", citing the rules it checks. */
  name: string;
  /** Short, file-name safe: prefixes the screenshots. */
  slug: string;
  /** Whole-test bound; the runner fails the test and cleans up when it passes. */
  timeoutMs?: number;
  /** Why this machine cannot run the test (a missing system service), or null: the runner says it skipped and why. */
  unavailable?: () => string | null;
  run(t: TestContext): Promise<void>;
}

export interface TestContext {
  readonly name: string;
  readonly slug: string;
  /** A scratch folder of this test only (databases, journals, videos). */
  readonly dir: string;
  /** Runs at the end, last registered first, pass or fail. */
  defer(what: string, cleanup: () => Promise<void>): void;
  /**
   * test-results/e2e/<slug>-<nn>-<label>.png, full page. Fails when the page scrolls: every
   * screen fits the counter's 1024×768 (issue 10), so nothing is cut off below the fold.
   */
  screenshot(page: Page, label: string, options?: { scrollsDown?: boolean }): Promise<string>;
  log(line: string): void;
}

export interface Cleanup {
  what: string;
  run: () => Promise<void>;
}

/**
 * Null when the page fits its window, else what sticks out: the document scrolls, or an
 * element with text is (partly) outside the window or clipped by a box that scrolls.
 */
export async function pageOverflow(page: Page, options: { scrollsDown?: boolean } = {}): Promise<string | null> {
  return page.evaluate((scrollsDown) => {
    const root = document.scrollingElement ?? document.documentElement;
    const { innerWidth, innerHeight } = window;
    if (!scrollsDown && root.scrollHeight > innerHeight + 1) return `page is ${root.scrollHeight}px tall in a ${innerHeight}px window`;
    if (root.scrollWidth > innerWidth + 1) return `page is ${root.scrollWidth}px wide in a ${innerWidth}px window`;
    return null;
  }, options.scrollsDown ?? false);
}

export class TestRun implements TestContext {
  readonly cleanups: Cleanup[] = [];
  readonly logLines: string[] = [];
  private shotCount = 0;

  constructor(
    readonly name: string,
    readonly slug: string,
    readonly dir: string,
  ) {}

  defer(what: string, cleanup: () => Promise<void>): void {
    this.cleanups.push({ what, run: cleanup });
  }

  /**
   * `scrollsDown`: a phone page (the citizen app) scrolls like any phone page; only running off
   * the side is a fault there. Counter screens must fit the window whole.
   */
  async screenshot(page: Page, label: string, options: { scrollsDown?: boolean } = {}): Promise<string> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    this.shotCount += 1;
    const file = path.join(RESULTS_DIR, `${this.slug}-${String(this.shotCount).padStart(2, '0')}-${label}.png`);
    await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
    const overflow = await pageOverflow(page, options);
    if (overflow !== null) throw new Error(`screen "${label}" does not fit the window (${overflow}); see ${path.basename(file)}`);
    return file;
  }

  log(line: string): void {
    this.logLines.push(line);
  }

  /** Every cleanup runs even if an earlier one fails; their failures are returned, not hidden. */
  async cleanUp(): Promise<string[]> {
    const problems: string[] = [];
    for (const cleanup of [...this.cleanups].reverse()) {
      try {
        await cleanup.run();
      } catch (error) {
        problems.push(`cleanup "${cleanup.what}" failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.cleanups.length = 0;
    return problems;
  }
}
