/**
 * Issue 14: the city's operator at the backend's own page (`/admin/`) in Chromium. The backend
 * runs in this process (TestBackend, fresh SQLite, test clock) so the ledger can hold a sale
 * of June before the operator looks at July; everything the operator does goes through the
 * page, and the admin API is read afterwards so a screen that shows the right thing for the
 * wrong reason still fails.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { TestBackend } from '../../../backend/src/testing/harness';
import { ROOT } from '../../../scripts/lib/processes';
import { CHROMIUM_PATH, chromiumInstalled, launchChromium } from '../lib/browser';
import { eventually, expectEqual, expectHidden, expectText, expectVisible, readableText } from '../lib/expect';
import type { E2eTest, TestContext } from '../lib/harness';

const SHOTS_DIR = path.join(ROOT, 'test-results/admin-page');
const WIDE = { width: 1280, height: 800 } as const;
const NARROW = { width: 1024, height: 768 } as const;
/** The refusals this test provokes on purpose; any other 4xx/5xx the page meets fails it. */
const EXPECTED_REFUSALS = ['401 GET /v1/admin/settings', '400 POST /v1/admin/campaigns'];

interface Merchant {
  id: string;
  name: string;
  feeRateBp: number;
}

/**
 * Screenshots to test-results/admin-page/ (full page: operator lists may scroll down). Each
 * fails when something is cut off sideways: the page scrolls sideways, a table needs its own
 * sideways scroll, or a button's text does not fit it.
 */
class Shots {
  private count = 0;
  constructor() {
    mkdirSync(SHOTS_DIR, { recursive: true });
    for (const file of readdirSync(SHOTS_DIR)) if (file.endsWith('.png')) rmSync(path.join(SHOTS_DIR, file));
  }

  async take(page: Page, label: string): Promise<void> {
    this.count += 1;
    const size = page.viewportSize();
    const file = path.join(SHOTS_DIR, `${String(this.count).padStart(2, '0')}-${size?.width}x${size?.height}-${label}.png`);
    await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
    const cut = await page.evaluate(() => {
      const root = document.scrollingElement ?? document.documentElement;
      if (root.scrollWidth > window.innerWidth + 1) return `the page is ${root.scrollWidth}px wide in a ${window.innerWidth}px window`;
      for (const wrap of document.querySelectorAll('.table-wrap')) {
        if (wrap.scrollWidth > wrap.clientWidth + 1) return `a table needs ${wrap.scrollWidth}px in a ${wrap.clientWidth}px box`;
      }
      for (const button of document.querySelectorAll('button')) {
        if (button.offsetParent !== null && button.scrollWidth > button.clientWidth + 1) return `button "${button.textContent}" is cut off`;
      }
      return null;
    });
    if (cut !== null) throw new Error(`admin page "${label}" at ${size?.width}×${size?.height}: ${cut}; see ${path.basename(file)}`);
  }
}

/** The page's section: its heading, and the message the last action left. */
class AdminPage {
  constructor(readonly page: Page) {}

  heading(): Locator {
    return this.page.getByTestId('section-title');
  }

  message(): Locator {
    return this.page.getByTestId('message');
  }

  async open(section: string, heading: string): Promise<void> {
    await this.page.getByRole('navigation').getByRole('link', { name: section, exact: true }).click();
    await expectText(this.heading(), heading);
  }

  row(testId: string, text: string): Locator {
    return this.page.getByTestId(testId).filter({ hasText: text });
  }

  async expectMessage(text: string | RegExp): Promise<void> {
    await expectText(this.message(), text);
  }
}

/** The ledger the reports and the sweep read: a June sale at the udon shop, a lot that lapsed at June's end. */
async function seedLedger(backend: TestBackend): Promise<{ udon: string; campaignLabel: string }> {
  await backend.setClock('2024-06-10T10:00:00+09:00');
  const udon = await backend.merchant('熊谷うどん本店', { chargePoint: true });
  const till = await backend.terminal(udon);
  const campaignLabel = '限定マネー②';
  const campaign = await backend.campaign(campaignLabel, 'all', { months: 3 });
  const hanako = await backend.customer('花子');
  await backend.seedLot(hanako.walletId, { kind: 'charge', amountYen: 5_000, expiresAt: '2024-12-31T23:59:59.999+09:00' });
  await backend.seedLot(hanako.walletId, { kind: 'limited', campaignId: campaign, amountYen: 800, expiresAt: '2024-06-30T23:59:59.999+09:00' });
  // R6: the limited money that expires first pays first: ¥800 limited, then ¥400 charge money.
  const paid = await till.pay('cashier', 1_200, await hanako.cpm());
  if (paid.status !== 201) throw new Error(`seed payment: HTTP ${paid.status} ${JSON.stringify(paid.body)}`);
  const taro = await backend.customer('太郎');
  await backend.seedLot(taro.walletId, { kind: 'limited', campaignId: campaign, amountYen: 700, expiresAt: '2024-06-30T23:59:59.999+09:00' });
  // July: 太郎's ¥700 has lapsed and waits for the sweep (no schedule runs in tests).
  await backend.setClock('2024-07-01T09:00:00+09:00');
  return { udon, campaignLabel };
}

async function run(t: TestContext): Promise<void> {
  const backend = await TestBackend.start('sqlite');
  t.defer('stop the backend', () => backend.stop());
  const { campaignLabel } = await seedLedger(backend);
  const admin = <T>(urlPath: string) => backend.call<T>('GET', urlPath, { token: backend.adminToken });

  const browser = await launchChromium();
  t.defer('close Chromium', () => browser.close());
  const context = await browser.newContext({ viewport: WIDE, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', acceptDownloads: true });
  const page = await context.newPage();
  const refusals: string[] = [];
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // A refused call is logged by Chromium as a failed load; refusals are checked on their own below.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console.error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) refusals.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  t.defer('check the page for errors', async () => {
    for (const line of problems) t.log(line);
    if (problems.length > 0) throw new Error(`the page had errors: ${problems.join(' | ')}`);
    expectEqual('refused calls (only the provoked ones)', refusals, EXPECTED_REFUSALS);
  });
  const shots = new Shots();
  const ui = new AdminPage(page);
  const storage = () => page.evaluate(() => ({ session: Object.keys(sessionStorage).sort(), local: localStorage.length, cookie: document.cookie }));

  // --- Sign-in: /admin lands on /admin/, a wrong token is told, the right one opens the page.
  await page.goto(`${backend.url}/admin`);
  expectEqual('address after /admin', new URL(page.url()).pathname, '/admin/');
  const signIn = page.getByTestId('sign-in');
  await expectVisible(signIn.getByRole('heading', { name: 'サインイン' }));
  await shots.take(page, 'sign-in');
  await signIn.getByLabel('管理トークン').fill('not-the-admin-token');
  await signIn.getByRole('button', { name: 'サインイン' }).click();
  await expectText(page.getByTestId('sign-in-error'), '管理トークンが違います。入力し直してください。');
  expectEqual('storage after a wrong token', await storage(), { session: [], local: 0, cookie: '' });
  await shots.take(page, 'wrong-token');
  await signIn.getByLabel('管理トークン').fill(backend.adminToken);
  await signIn.getByLabel('担当者名（任意・操作記録に残ります）').fill('山田');
  await signIn.getByRole('button', { name: 'サインイン' }).click();
  await expectText(ui.heading(), '加盟店');
  await expectText(page.locator('#operator'), '担当：山田');
  expectEqual('storage once signed in: the token in sessionStorage only', await storage(), { session: ['kumapay.admin.operator', 'kumapay.admin.token'], local: 0, cookie: '' });
  await expectVisible(ui.row('merchant-row', '熊谷うどん本店'));

  // --- 加盟店: create, then rename.
  const merchantForm = page.getByTestId('merchant-create');
  await merchantForm.getByLabel('加盟店名').fill('まちなか書店');
  await merchantForm.getByLabel('手数料率（%）').fill('3.25');
  await merchantForm.getByRole('button', { name: '登録' }).click();
  await ui.expectMessage(/加盟店「まちなか書店」を登録しました。/);
  const bookshop = ui.row('merchant-row', 'まちなか書店');
  await expectText(bookshop.locator('td').nth(2), '3.25%');
  await shots.take(page, 'merchants');
  await bookshop.getByRole('button', { name: '名前を変更' }).click();
  await page.getByTestId('inline-edit').getByLabel('新しい加盟店名').fill('まちなか書店 駅前店');
  await page.getByTestId('inline-edit').getByLabel('新しい加盟店名').press('Enter');
  await ui.expectMessage(/加盟店名を「まちなか書店 駅前店」に変更しました。/);
  await expectText(ui.row('merchant-row', 'まちなか書店 駅前店').locator('td').first(), 'まちなか書店 駅前店');
  const merchants = (await admin<{ items: Merchant[] }>('/v1/admin/merchants')).body.items;
  const renamed = merchants.find((m) => m.name === 'まちなか書店 駅前店');
  expectEqual('the merchant in the backend', renamed && { name: renamed.name, feeRateBp: renamed.feeRateBp }, { name: 'まちなか書店 駅前店', feeRateBp: 325 });

  // --- 端末: create, the code shown once (and it really enrolls), revoke after a confirmation.
  await ui.open('端末', '端末');
  const terminalForm = page.getByTestId('terminal-create');
  await terminalForm.getByLabel('加盟店', { exact: true }).selectOption({ label: 'まちなか書店 駅前店' });
  await terminalForm.getByLabel('端末名').fill('書店レジ1');
  await terminalForm.getByRole('button', { name: '登録' }).click();
  await expectText(page.getByTestId('enrollment').getByRole('heading'), '端末「書店レジ1」の登録コード');
  const code = await readableText(page.getByTestId('enrollment-code'));
  await shots.take(page, 'enrollment-code');
  const enrolled = await backend.call('POST', '/v1/terminals/enroll', { body: { enrollmentCode: code } });
  expectEqual('enrolling with the code the page showed', enrolled.status, 201);
  await page.getByTestId('enrollment').getByRole('button', { name: '閉じる' }).click();
  await expectHidden(page.getByTestId('enrollment-code'));
  const till = ui.row('terminal-row', '書店レジ1');
  await expectText(till.locator('td').nth(3), /^使用中（2024\/07\/01 09:0\d 登録）$/);
  // やめる keeps the terminal; only the second, confirmed click revokes it.
  await till.getByRole('button', { name: '失効させる' }).click();
  const dialog = page.getByTestId('confirm');
  await expectText(dialog.locator('p'), '端末「書店レジ1」を失効させますか？ この端末はすぐに使えなくなり、元に戻せません。');
  await shots.take(page, 'revoke-confirm');
  await dialog.getByRole('button', { name: 'やめる' }).click();
  await expectHidden(dialog);
  await expectText(till.locator('td').nth(3), /^使用中/);
  await till.getByRole('button', { name: '失効させる' }).click();
  await dialog.getByRole('button', { name: '失効させる' }).click();
  await ui.expectMessage(/端末「書店レジ1」を失効させました。/);
  await expectText(till.locator('td').nth(3), /^失効済み（2024\/07\/01 09:0\d）$/);
  await expectHidden(till.getByRole('button', { name: '失効させる' }));
  const terminals = (await admin<{ items: { name: string; revokedAt: string | null }[] }>('/v1/admin/terminals')).body.items;
  expectEqual('the terminal in the backend is revoked', terminals.find((x) => x.name === '書店レジ1')?.revokedAt != null, true);
  await shots.take(page, 'terminals');

  // --- スタッフ: create, disable.
  await ui.open('スタッフ', 'スタッフ');
  const staffForm = page.getByTestId('staff-create');
  await staffForm.getByLabel('加盟店', { exact: true }).selectOption({ label: 'まちなか書店 駅前店' });
  await staffForm.getByLabel('スタッフコード').fill('S2001');
  await staffForm.getByLabel('氏名').fill('佐藤');
  await staffForm.getByLabel('役割').selectOption({ label: 'チャージ担当' });
  await staffForm.getByLabel('暗証番号（4〜8桁）').fill('2468');
  await staffForm.getByRole('button', { name: '登録' }).click();
  await ui.expectMessage(/スタッフ「佐藤」を登録しました。/);
  const sato = ui.row('staff-row', 'S2001');
  await expectText(sato, /S2001 佐藤 チャージ担当 まちなか書店 駅前店 有効/);
  await sato.getByRole('button', { name: '無効にする' }).click();
  await ui.expectMessage(/スタッフ「佐藤」を無効にしました。/);
  await expectText(sato.locator('td').nth(4), /^無効（2024\/07\/01 09:0\d）$/);
  await expectVisible(sato.getByRole('button', { name: '有効にする' }));
  await shots.take(page, 'staff');

  // --- キャンペーン: a refused form shows the backend's message and code; then create, rename the balance.
  await ui.open('キャンペーン', 'キャンペーン');
  const campaignForm = page.getByTestId('campaign-create');
  await campaignForm.getByLabel('キャンペーン名').fill('夏の商品券');
  await campaignForm.getByLabel('残高の表示名').fill('夏マネー');
  await campaignForm.getByLabel('年', { exact: true }).fill('0');
  await campaignForm.getByRole('button', { name: '登録' }).click();
  await expectText(page.getByTestId('error-line'), /（コード：invalid_request）$/);
  await expectText(ui.message(), /validity must be positive/);
  await shots.take(page, 'campaign-refused');
  await campaignForm.getByLabel('か月', { exact: true }).fill('6');
  await campaignForm.getByRole('button', { name: '登録' }).click();
  await ui.expectMessage(/キャンペーン「夏の商品券」を登録しました。/);
  const summer = ui.row('campaign-row', '夏の商品券');
  await expectText(summer, /夏の商品券 夏マネー 6か月 すべての加盟店/);
  await summer.getByRole('button', { name: '名称を変更' }).click();
  await page.getByTestId('inline-edit').getByLabel('残高の表示名').fill('夏のお買い物券');
  await page.getByTestId('inline-edit').getByRole('button', { name: '保存' }).click();
  await ui.expectMessage(/キャンペーン「夏の商品券」の名称を変更しました。/);
  await expectText(summer.locator('td').nth(1), '夏のお買い物券');
  const campaigns = (await admin<{ items: { name: string; label: string; validity: unknown }[] }>('/v1/admin/campaigns')).body.items;
  const created = campaigns.find((c) => c.name === '夏の商品券');
  expectEqual('the campaign in the backend (R2: the balance name is data)', created && { label: created.label, validity: created.validity }, { label: '夏のお買い物券', validity: { years: 0, months: 6, days: 0 } });
  await shots.take(page, 'campaigns');

  // --- 残高名称: charge money's name.
  await ui.open('残高名称', '残高名称');
  const labelField = page.getByTestId('label-form').getByLabel('チャージ残高の名称');
  expectEqual('the name in force', await labelField.inputValue(), 'チャージマネー');
  await labelField.fill('くまチャージ');
  await page.getByTestId('label-form').getByRole('button', { name: '保存' }).click();
  await ui.expectMessage(/残高名称を「くまチャージ」に変更しました。/);
  expectEqual('chargeMoneyLabel in the backend', (await admin<{ chargeMoneyLabel: string }>('/v1/admin/settings')).body.chargeMoneyLabel, 'くまチャージ');
  await shots.take(page, 'balance-name');

  // --- 失効処理 (R4): 太郎's lapsed ¥700 is pending, run now writes it off.
  await ui.open('失効処理', '失効処理');
  const fact = (term: string) => page.getByTestId('sweep-status').locator(`[data-fact="${term}"] dd`);
  await expectText(fact('sweepPending'), '1');
  await expectText(fact('sweepLastStarted'), 'まだ実行されていません');
  await page.getByRole('button', { name: '今すぐ実行' }).click();
  await ui.expectMessage(/1件・¥700 を失効させました（口座 1、1回に分けて処理）。/);
  await expectText(fact('sweepPending'), '0');
  await expectText(fact('sweepYen'), '¥700');
  await expectText(fact('sweepLastFinished'), /^2024\/07\/01 09:0\d$/);
  await shots.take(page, 'sweep');

  // --- レポート (R27): June's settlement on screen, then as CSV.
  await ui.open('レポート', 'レポート');
  const reportForm = page.getByTestId('report-form');
  await reportForm.getByLabel('レポートの種類').selectOption({ label: '加盟店別精算' });
  await reportForm.getByLabel('開始日').fill('2024-06-01');
  await reportForm.getByLabel('終了日').fill('2024-06-30');
  await reportForm.getByRole('button', { name: '表示' }).click();
  const report = page.getByTestId('report-result');
  await expectText(report.locator('p').first(), '期間：2024-06-01 〜 2024-06-30');
  const rows = page.getByTestId('report-table').locator('tbody tr');
  // The names in force now: a rename reaches past periods too (R2).
  await expectText(rows.nth(0), '熊谷うどん本店');
  await expectText(rows.nth(1), /^くまチャージ コード・カード 1 ¥400 0 ¥0 ¥400 ¥0 ¥400$/);
  await expectText(rows.nth(2), new RegExp(`^${campaignLabel} コード・カード 1 ¥800 0 ¥0 ¥800 ¥0 ¥800$`));
  await expectText(rows.last(), /^合計 ¥1,200 ¥0 ¥1,200 ¥0 ¥1,200$/);
  await shots.take(page, 'report-settlement');

  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), reportForm.getByRole('button', { name: 'CSVをダウンロード' }).click()]);
  expectEqual('CSV file name', download.suggestedFilename(), 'merchant-settlement_2024-06-01_2024-06-30.csv');
  const saved = path.join(t.dir, download.suggestedFilename());
  await download.saveAs(saved);
  const bytes = readFileSync(saved);
  expectEqual('CSV starts with the UTF-8 BOM (Excel in Japan reads it as UTF-8)', [...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const csv = bytes.subarray(3).toString('utf8');
  const [header, ...lines] = csv.split('\r\n').filter((line) => line !== '');
  if (!header?.includes('加盟店名') || !header.includes('支払予定額')) throw new Error(`CSV header is not the Japanese one: ${header}`);
  if (!lines.some((line) => line.includes('熊谷うどん本店') && line.includes('くまチャージ') && line.includes('400'))) throw new Error(`CSV lacks the charge-money line: ${csv}`);
  await ui.expectMessage('merchant-settlement_2024-06-01_2024-06-30.csv を保存しました。 閉じる');

  // The other two: June's closing balance (太郎's ¥700 still valid on its last day), July's breakage.
  await reportForm.getByLabel('レポートの種類').selectOption({ label: '未使用残高' });
  await reportForm.getByLabel('基準日時（日本時間）').fill('2024-06-30T23:59');
  await reportForm.getByRole('button', { name: '表示' }).click();
  await expectText(report.locator('p').first(), '基準日時：2024/06/30 23:59');
  await expectText(rows.nth(0), /^くまチャージ 1 ¥4,600$/);
  await expectText(rows.nth(1), new RegExp(`^${campaignLabel} 1 ¥700$`));
  await expectText(rows.nth(2), /^合計 ¥5,300$/);
  await reportForm.getByLabel('レポートの種類').selectOption({ label: '失効額' });
  await reportForm.getByLabel('開始日').fill('2024-07-01');
  await reportForm.getByLabel('終了日').fill('2024-07-31');
  await reportForm.getByRole('button', { name: '表示' }).click();
  await expectText(report.locator('p').first(), '期間：2024-07-01 〜 2024-07-31');
  await expectText(rows.nth(0), new RegExp(`^${campaignLabel} 1 ¥700$`));
  await expectText(rows.nth(1), /^合計 ¥700$/);
  await shots.take(page, 'report-breakage');
  // Back to June's settlement for the language check below.
  await reportForm.getByLabel('レポートの種類').selectOption({ label: '加盟店別精算' });
  await reportForm.getByLabel('開始日').fill('2024-06-01');
  await reportForm.getByLabel('終了日').fill('2024-06-30');
  await reportForm.getByRole('button', { name: '表示' }).click();
  await expectText(report.locator('p').first(), '期間：2024-06-01 〜 2024-06-30');

  // --- English with one toggle, the report kept on screen; and back.
  await page.getByRole('button', { name: 'English' }).click();
  await expectText(ui.heading(), 'Reports');
  await expectText(page.getByRole('navigation').getByRole('link').first(), 'Merchants');
  await expectText(rows.last(), /^Total ¥1,200 ¥0 ¥1,200 ¥0 ¥1,200$/);
  await shots.take(page, 'report-english');
  await page.getByRole('button', { name: '日本語' }).click();
  await expectText(ui.heading(), 'レポート');

  // --- 1024×768: every section fits sideways.
  await page.setViewportSize(NARROW);
  for (const [link, label] of [
    ['加盟店', 'merchants'],
    ['端末', 'terminals'],
    ['スタッフ', 'staff'],
    ['キャンペーン', 'campaigns'],
    ['残高名称', 'balance-name'],
    ['レポート', 'report-settlement'],
    ['失効処理', 'sweep'],
  ] as const) {
    await ui.open(link, link);
    await shots.take(page, label);
  }

  // --- A reload keeps the session (same tab); signing out forgets the token.
  await page.reload();
  await expectText(ui.heading(), '失効処理');
  await page.getByRole('button', { name: 'サインアウト' }).click();
  await expectVisible(signIn);
  expectEqual('storage after signing out: only the language choice is left', await storage(), { session: ['kumapay.admin.lang'], local: 0, cookie: '' });
  await eventually('the audit trail names the operator', () => admin<{ items: { actor: string }[] }>('/v1/admin/audit?limit=5'), (r) => r.body.items.some((line) => line.actor.endsWith(':山田')));
}

const adminPage: E2eTest = {
  name: 'When the city\'s operator signs in at /admin/ (a wrong token first), then they add and rename a merchant, read a terminal\'s code once and revoke it, add staff, add a campaign and rename its balance (R2), rename charge money, run the expiry sweep (R4) and see and download June\'s settlement (R27)',
  slug: 'admin-page',
  timeoutMs: 120_000,
  unavailable: () => (chromiumInstalled() ? null : `${CHROMIUM_PATH} is missing (apt-get install chromium fonts-noto-cjk)`),
  run,
};

export default [adminPage];
