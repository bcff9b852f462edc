/**
 * Page objects over the renderer's data-testids (docs/renderer.md): what a cashier does, in the
 * cashier's words. Tests read what is on screen through these; nothing here asserts a rule.
 */
import type { Locator, Page } from 'playwright-core';
import { eventually, expectAttribute, expectHidden, expectText, expectVisible, UI_TIMEOUT_MS } from './expect';

export type MenuRoute = 'pay' | 'points' | 'charge' | 'migrate' | 'lookup' | 'history' | 'close' | 'sync' | 'settings';

/** First load of the built bundle (cold cache, two busy cores) can take a few seconds. */
const FIRST_LOAD_TIMEOUT_MS = 30_000;

export class TerminalPage {
  constructor(
    readonly page: Page,
    readonly origin: string,
  ) {}

  byTestId(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  async open(route = ''): Promise<void> {
    await this.page.goto(`${this.origin}/#/${route}`, { timeout: FIRST_LOAD_TIMEOUT_MS });
    await expectHidden(this.byTestId('app-loading'), FIRST_LOAD_TIMEOUT_MS);
  }

  /** First start of a terminal: the administrator's one-time code (the backend URL is the host's). */
  async enroll(enrollmentCode: string): Promise<void> {
    await expectVisible(this.byTestId('screen-enroll'), FIRST_LOAD_TIMEOUT_MS);
    await this.byTestId('enroll-code').fill(enrollmentCode);
    await this.byTestId('enroll-submit').click();
    await expectVisible(this.byTestId('screen-login'));
  }

  /** Staff code typed, PIN through the on-screen keypad, as at a touch counter. */
  async login(staffCode: string, pin: string): Promise<void> {
    await expectVisible(this.byTestId('screen-login'));
    await this.byTestId('login-staff-code').fill(staffCode);
    await this.byTestId('login-pin').focus();
    for (const digit of pin) await this.byTestId(`keypad-${digit}`).click();
    await this.byTestId('login-submit').click();
    await expectVisible(this.byTestId('screen-home'));
  }

  async logout(): Promise<void> {
    await this.byTestId('logout').click();
    await expectVisible(this.byTestId('screen-login'));
  }

  /** The visible メニュー button every screen has (issue 10); the menu itself has none. */
  async home(): Promise<void> {
    if (await this.byTestId('screen-home').isVisible()) return;
    await this.byTestId('menu-button').click();
    await expectVisible(this.byTestId('screen-home'));
  }

  menuItem(route: MenuRoute): Locator {
    return this.byTestId(`nav-${route}`);
  }

  async openMenu(route: MenuRoute): Promise<void> {
    await this.menuItem(route).click();
    await expectVisible(this.byTestId(`screen-${route}`));
  }

  connectivity(): Locator {
    return this.byTestId('connectivity');
  }

  async expectConnectivity(state: 'online' | 'degraded' | 'offline', timeoutMs: number = UI_TIMEOUT_MS): Promise<void> {
    await expectAttribute(this.connectivity(), 'data-connectivity', state, timeoutMs);
  }

  /** Digits on the on-screen keypad, then 確定 / 次へ. */
  async keypadAmount(amountYen: number): Promise<void> {
    await this.byTestId('keypad-clear').click();
    for (const digit of String(amountYen)) await this.byTestId(`keypad-${digit}`).click();
  }

  async keypadEnter(): Promise<void> {
    await this.byTestId('keypad-enter').click();
  }
}

/** お支払い. */
export class PaymentScreen {
  constructor(private readonly terminal: TerminalPage) {}

  private id(testId: string): Locator {
    return this.terminal.byTestId(testId);
  }

  flow(): Locator {
    return this.id('payment-flow');
  }

  /** Amount on the keypad, 確定, and the scan prompt is up waiting for the customer. */
  async startSale(amountYen: number): Promise<void> {
    await expectAttribute(this.flow(), 'data-state', 'entering');
    await this.terminal.keypadAmount(amountYen);
    await this.terminal.keypadEnter();
    await expectAttribute(this.flow(), 'data-state', 'scanning');
    await expectVisible(this.id('scan-prompt'));
  }

  async waitApproved(timeoutMs: number = UI_TIMEOUT_MS): Promise<void> {
    await expectVisible(this.id('payment-approved'), timeoutMs);
  }

  async waitDeclined(timeoutMs: number = UI_TIMEOUT_MS): Promise<void> {
    await expectVisible(this.id('payment-declined'), timeoutMs);
  }

  approvedAmount(): Locator {
    return this.id('approved-amount');
  }

  breakdownRows(): Locator {
    return this.id('payment-breakdown').getByTestId('lot-row');
  }

  balanceAfterTotal(): Locator {
    return this.id('balance-after-total');
  }

  offlineBadge(): Locator {
    return this.id('offline-badge');
  }

  cashRemainder(): Locator {
    return this.id('cash-remainder');
  }

  declineReason(): Locator {
    return this.id('decline-reason');
  }

  eligibleAmount(): Locator {
    return this.id('eligible-amount');
  }

  splitButton(): Locator {
    return this.id('split-confirm');
  }

  async nextSale(): Promise<void> {
    await this.id('next-sale').click();
    await expectAttribute(this.flow(), 'data-state', 'entering');
  }

  /** Only the click: with a QR in front of it the camera may read it (and the prompt close) at once. */
  async turnCameraOn(): Promise<void> {
    await this.id('camera-toggle').click();
  }
}

/** チャージ (R10–R13). */
export class ChargeScreen {
  constructor(private readonly terminal: TerminalPage) {}

  private id(testId: string): Locator {
    return this.terminal.byTestId(testId);
  }

  flow(): Locator {
    return this.id('charge-flow');
  }

  async waitForCustomer(): Promise<void> {
    await expectAttribute(this.flow(), 'data-state', 'scanning');
    await expectVisible(this.id('scan-prompt'));
  }

  async waitAmountStep(): Promise<void> {
    await expectAttribute(this.flow(), 'data-state', 'amount');
  }

  currentBalance(): Locator {
    return this.id('current-balance');
  }

  maxCharge(): Locator {
    return this.id('max-charge');
  }

  async chooseQuickAmount(amountYen: 1000 | 3000 | 5000 | 10000): Promise<void> {
    await this.id(`quick-${amountYen}`).click();
  }

  async nextStep(): Promise<void> {
    await this.terminal.keypadEnter();
  }

  async addBanknote(amountYen: 1000 | 5000 | 10000): Promise<void> {
    await this.id(`cash-add-${amountYen}`).click();
  }

  cashReceived(): Locator {
    return this.id('cash-received');
  }

  changeDue(): Locator {
    return this.id('change-due');
  }

  confirmPanel(): Locator {
    return this.id('charge-confirm-panel');
  }

  async confirm(): Promise<void> {
    await this.id('charge-confirm').click();
    await expectVisible(this.id('charge-done'));
  }

  chargedAmount(): Locator {
    return this.id('charged-amount');
  }

  bonus(): Locator {
    return this.id('charge-bonus');
  }

  change(): Locator {
    return this.id('charge-change');
  }

  balanceAfterTotal(): Locator {
    return this.id('charge-done').getByTestId('balance-after-total');
  }
}

/** カード残高移行 (R19). */
export class MigrationScreen {
  constructor(private readonly terminal: TerminalPage) {}

  private id(testId: string): Locator {
    return this.terminal.byTestId(testId);
  }

  flow(): Locator {
    return this.id('migration-flow');
  }

  async expectStep(state: 'readingCard' | 'cardShown' | 'readingApp' | 'confirm' | 'done' | 'failed'): Promise<void> {
    await expectAttribute(this.flow(), 'data-state', state);
  }

  cardTotal(): Locator {
    return this.id('migration-card-total').first();
  }

  appTotal(): Locator {
    return this.id('migration-app-total');
  }

  async toAppStep(): Promise<void> {
    await this.id('migration-next').click();
    await this.expectStep('readingApp');
  }

  async confirm(): Promise<void> {
    await expectVisible(this.id('migration-confirm-panel'));
    await this.id('migration-confirm').click();
    await expectVisible(this.id('migration-done'));
  }

  moved(): Locator {
    return this.id('migration-moved');
  }

  movedLots(): Locator {
    return this.id('migration-lots').getByTestId('lot-row');
  }
}

/** 取引履歴 and its cancel action (R14–R17, R25). */
export class HistoryScreen {
  constructor(private readonly terminal: TerminalPage) {}

  private id(testId: string): Locator {
    return this.terminal.byTestId(testId);
  }

  lines(): Locator {
    return this.id('history-line');
  }

  async open(line: Locator): Promise<void> {
    await line.click();
    await expectVisible(this.id('history-detail'));
  }

  detailAmount(): Locator {
    return this.id('detail-amount');
  }

  async cancelOpened(): Promise<void> {
    await this.id('cancel-button').click();
    await expectVisible(this.id('cancel-confirm-panel'));
    await this.id('cancel-confirm').click();
    await expectVisible(this.id('cancel-done'));
  }

  cancelDone(): Locator {
    return this.id('cancel-done');
  }

  async closeDetail(): Promise<void> {
    await this.id('detail-close').click();
    await expectHidden(this.id('history-detail'));
  }
}

/** 点検・精算 (R26). */
export class DailyCloseScreen {
  constructor(private readonly terminal: TerminalPage) {}

  private id(testId: string): Locator {
    return this.terminal.byTestId(testId);
  }

  report(): Locator {
    return this.id('report');
  }

  row(name: 'payments' | 'charges' | 'bonus' | 'cancelled' | 'cash' | 'offline-pending'): Locator {
    return this.id(`report-${name}`);
  }

  /** R26 with R2: the day's payments per balance, charge money first, one row per campaign; read with `expectLotRows`. */
  balanceRows(): Locator {
    return this.id('report-balance');
  }

  /** One figure cell of the report (R33), e.g. `gross-payments`, `net-payments`, `cash-sales-value`. */
  figure(name: string): Locator {
    return this.id(`report-${name}`);
  }

  async expectFigure(name: string, text: string | RegExp): Promise<void> {
    await expectText(this.figure(name), text);
  }

  expectedDrawer(): Locator {
    return this.id('report-expected-drawer-value');
  }

  differenceLines(): Locator {
    return this.id('difference-line');
  }

  /** The day shown by the ◀ ▶ picker. */
  async previousDay(): Promise<void> {
    await this.id('close-prev-day').click();
  }

  async check(): Promise<void> {
    await this.id('report-check').click();
    await expectAttribute(this.report(), 'data-mode', 'check');
  }

  async close(): Promise<void> {
    await this.id('close-button').click();
    await expectVisible(this.id('report-close-confirm-panel'));
    await this.id('report-close-confirm').click();
    await expectAttribute(this.report(), 'data-mode', 'close');
  }

  differences(): Locator {
    return this.id('report-differences');
  }

  async expectRow(name: Parameters<DailyCloseScreen['row']>[0], text: string | RegExp): Promise<void> {
    await expectText(this.row(name), text);
  }
}

/** 送信状況 (R20). */
export class SyncScreen {
  constructor(private readonly terminal: TerminalPage) {}

  pending(): Locator {
    return this.terminal.byTestId('sync-pending');
  }

  rejected(): Locator {
    return this.terminal.byTestId('sync-rejected');
  }

  deadline(): Locator {
    return this.terminal.byTestId('sync-deadline');
  }

  notifications(kind: string): Locator {
    return this.terminal.page.locator(`[data-testid="notification"][data-kind="${kind}"]`);
  }
}

/** Lot rows as "label amount" (e.g. "限定マネー② ¥2,000"), read from their two cells. */
export async function lotRowTexts(rows: Locator): Promise<string[]> {
  return rows.evaluateAll((items) =>
    items.map((item) => `${item.querySelector('.lot-label')?.textContent?.trim() ?? ''} ${item.querySelector('.lot-amount')?.textContent?.trim() ?? ''}`),
  );
}

export async function expectLotRows(rows: Locator, expected: readonly string[], timeoutMs: number = UI_TIMEOUT_MS): Promise<string[]> {
  return eventually(
    `lot rows of ${String(rows)} should be ${JSON.stringify(expected)}`,
    () => lotRowTexts(rows),
    (actual) => actual.length === expected.length && actual.every((text, index) => text === expected[index]),
    timeoutMs,
  );
}
