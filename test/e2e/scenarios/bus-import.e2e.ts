/**
 * Issue 13 (R23, R24, R27) at the city's operator page (`/admin/`) in Chromium at a counter
 * PC's 1024×768: KumaPo stores flagged, an event's QR made (and scanned, and claimed), the bus
 * company's Shift_JIS file refused for a broken line and then imported, and the points report.
 * Everything the operator does goes through the page; the customer and admin APIs are read
 * afterwards, so a screen that shows the right thing for the wrong reason still fails.
 *
 * `operatorKumapoDay` is the operator's part on its own: a scenario that goes on to spend those
 * points at the counter calls it with its stack (`startStack` gives backend, demo and browser).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { PNG } from 'pngjs';
import type { Browser, Locator, Page } from 'playwright-core';
import type { DemoData } from '../../../scripts/demo-seed';
import { createQrFrameDecoder, type Frame } from '../../../renderer/scan/qr-frame-decoder';
import { quarterTurn } from '../../camera/qr-photos';
import type { E2eBackend } from '../lib/backend';
import { CHROMIUM_PATH, chromiumInstalled, VIEWPORT } from '../lib/browser';
import { eventually, expectEqual, expectHidden, expectText, expectVisible, readableText } from '../lib/expect';
import { RESULTS_DIR, type E2eTest, type TestContext } from '../lib/harness';
import { spendPointsWithHanakoQr, staffOf, startStack } from '../lib/stack';

/** What the operator part needs: a running backend with the demo data, and a Chromium to open the page in. */
export interface OperatorWorld {
  backend: E2eBackend;
  demo: DemoData;
  browser: Browser;
}

export interface OperatorKumapoOutcome {
  /** The event code the page showed once (its QR scanned back to it). */
  eventCode: string;
  /** Points each demo customer holds after the claim and the import, as the customer API says. */
  points: { hanako: number; taro: number };
}

const EVENT_NAME = 'クマポ夏まつり';
/** The refusal this scenario provokes on purpose (a file without a column); any other 4xx/5xx fails it. */
const EXPECTED_REFUSALS = ['400 POST /v1/admin/imports/bus-rides'];
const EVENT_POINTS = 50;

/** `YYYY-MM-DD` in Japan, `days` from now. */
function jstDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}

/**
 * The bus company's file as Excel in Japan saves it (Shift_JIS, CRLF). Line 1 is the header;
 * lines 2–3 花子's answered rides, 4 太郎's, 5 花子's skipped question (【未選択】), 6 a rider the
 * ledger does not know, at `lastUsedAt` (the first version carries a date no one can read).
 */
function busFile(demo: DemoData, lastUsedAt: string): Buffer {
  const day = jstDate(0);
  const lines = [
    'rideId,customerId,usedAt,bus,boardingStop,alightingStop',
    `R-0001,${demo.hanako.walletId},${day} 07:58,ゆうゆう号 1便,籠原駅入口,熊谷駅`,
    `R-0002,${demo.hanako.walletId},${day} 17:40,ゆうゆう号 8便,熊谷駅,籠原駅入口`,
    `R-0003,${demo.taro.walletId},${day} 08:15,ムサシトミヨ号,熊谷市役所,妻沼聖天山`,
    `R-0004,${demo.hanako.walletId},${day} 12:05,ゆうゆう号 4便,熊谷駅,【未選択】`,
    `R-0005,00000000-0000-4000-8000-000000000000,${lastUsedAt},ゆうゆう号 5便,熊谷駅,石原`,
  ];
  return iconv.encode(`${lines.join('\r\n')}\r\n`, 'Shift_JIS');
}

async function customerPoints(backend: E2eBackend, customerToken: string): Promise<number> {
  const response = await fetch(`${backend.url}/v1/customer/points`, { headers: { authorization: `Bearer ${customerToken}` }, signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`customer points: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { points: number }).points;
}

async function adminGet<T>(backend: E2eBackend, urlPath: string): Promise<T> {
  const response = await fetch(`${backend.url}${urlPath}`, { headers: { authorization: `Bearer ${backend.adminToken}` }, signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`admin ${urlPath}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * The QR code as a phone would see it on the screen: the page's pixels through the apps' own
 * reader, frame after frame as the phone moves. zxing misses about 1 pixel-perfect code in 20
 * (a finder pattern guessed in the data; qrcode's own drawings too), and reads it from a
 * smaller or turned frame; 3 sizes × 4 turns read all of 3,000 event codes (docs/NOTES.md).
 */
async function scanQr(locator: Locator): Promise<string | null> {
  const png = PNG.sync.read(await locator.screenshot({ timeout: 5_000 }));
  const shot: Frame = { data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), width: png.width, height: png.height };
  const decoder = createQrFrameDecoder();
  for (const scale of [1, 0.8, 0.6]) {
    let frame = scale === 1 ? shot : shrunk(shot, scale);
    for (let turn = 0; turn < 4; turn += 1) {
      const text = decoder.decode(frame);
      if (text !== null) return text;
      frame = quarterTurn(frame);
    }
  }
  return null;
}

/** The frame a camera further away takes: each pixel the area-weighted mean of those it covers. */
function shrunk(frame: Frame, scale: number): Frame {
  const width = Math.round(frame.width * scale);
  const height = Math.round(frame.height * scale);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    const [top, bottom] = [y / scale, Math.min(frame.height, (y + 1) / scale)];
    for (let x = 0; x < width; x += 1) {
      const [left, right] = [x / scale, Math.min(frame.width, (x + 1) / scale)];
      for (let channel = 0; channel < 4; channel += 1) {
        let sum = 0;
        let area = 0;
        for (let sy = Math.floor(top); sy < Math.ceil(bottom); sy += 1) {
          for (let sx = Math.floor(left); sx < Math.ceil(right); sx += 1) {
            const weight = (Math.min(bottom, sy + 1) - Math.max(top, sy)) * (Math.min(right, sx + 1) - Math.max(left, sx));
            sum += (frame.data[(sy * frame.width + sx) * 4 + channel] ?? 0) * weight;
            area += weight;
          }
        }
        data[(y * width + x) * 4 + channel] = Math.round(sum / area);
      }
    }
  }
  return { data, width, height };
}

/**
 * A report runs below the fold as any long list does (the operator scrolls it); only sideways
 * may nothing stick out. The other screens go through `t.screenshot`, which allows neither.
 */
async function reportScreenshot(t: TestContext, page: Page, label: string): Promise<void> {
  const file = path.join(RESULTS_DIR, `${t.slug}-${label}.png`);
  await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
  const cut = await page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > window.innerWidth + 1) return `the page is ${root.scrollWidth}px wide`;
    for (const wrap of document.querySelectorAll('.table-wrap')) if (wrap.scrollWidth > wrap.clientWidth + 1) return `a table needs ${wrap.scrollWidth}px in a ${wrap.clientWidth}px box`;
    return null;
  });
  if (cut !== null) throw new Error(`screen "${label}" is cut off sideways (${cut}); see ${path.basename(file)}`);
}

async function chooseFile(page: Page, filePath: string): Promise<void> {
  await page.getByTestId('bus-import').getByLabel('クマポ用ファイル（CSV）').setInputFiles(filePath);
  await page.getByTestId('bus-import').getByRole('button', { name: '取り込む' }).click();
}

/**
 * The operator's KumaPo day at /admin/ (1024×768, Japanese): flags a store, makes an event and
 * its QR (which 花子 then claims), imports the bus file (refused once for a broken line, then
 * applied, then again with nothing new) and reads the points report. Screenshots go through
 * `t.screenshot`, which fails when a screen does not fit the window.
 */
export async function operatorKumapoDay(t: TestContext, world: OperatorWorld): Promise<OperatorKumapoOutcome> {
  const { backend, demo } = world;
  const context = await world.browser.newContext({ viewport: VIEWPORT, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', acceptDownloads: true });
  t.defer('close the operator page', () => context.close());
  const page = await context.newPage();
  const problems: string[] = [];
  const refusals: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // A refused call is logged by Chromium as a failed load; refusals are checked on their own.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console.error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) refusals.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  t.defer('check the operator page for errors', async () => {
    for (const line of problems) t.log(line);
    if (problems.length > 0) throw new Error(`the operator page had errors: ${problems.join(' | ')}`);
    expectEqual('refused calls (only the provoked one)', refusals, EXPECTED_REFUSALS);
  });
  const heading = page.getByTestId('section-title');
  const message = page.getByTestId('message');
  const open = async (link: string, title: string) => {
    await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
    await expectText(heading, title);
  };

  // --- Sign in.
  await page.goto(`${backend.url}/admin/`);
  const signIn = page.getByTestId('sign-in');
  await signIn.getByLabel('管理トークン').fill(backend.adminToken);
  await signIn.getByLabel('担当者名（任意・操作記録に残ります）').fill('山田');
  await signIn.getByRole('button', { name: 'サインイン' }).click();
  await expectText(heading, '加盟店');

  // --- 加盟店 (R23): which stores take points, shown and changed.
  const merchantRow = (name: string) => page.getByTestId('merchant-row').filter({ has: page.getByRole('cell', { name, exact: true }) });
  await expectText(merchantRow('熊谷うどん本店').locator('td').nth(3), 'はい');
  await expectText(merchantRow('まちなか書店').locator('td').nth(3), 'いいえ');
  await merchantRow('まちなか書店').getByRole('checkbox', { name: '「まちなか書店」をクマポ加盟店にする' }).check();
  await expectText(message, /「まちなか書店」をクマポ加盟店にしました。/);
  await expectText(merchantRow('まちなか書店').locator('td').nth(3), 'はい');
  const merchantForm = page.getByTestId('merchant-create');
  await merchantForm.getByLabel('加盟店名').fill('星川通り自治会');
  await merchantForm.getByLabel('クマポ加盟店（ポイントを使えるお店・団体）').check();
  await merchantForm.getByRole('button', { name: '登録' }).click();
  await expectText(message, /加盟店「星川通り自治会」を登録しました。/);
  await expectText(merchantRow('星川通り自治会').locator('td').nth(3), 'はい');
  const merchants = (await adminGet<{ items: { name: string; kumapoStore?: boolean }[] }>(backend, '/v1/admin/merchants')).items;
  expectEqual('KumaPo stores in the backend', merchants.map((m) => `${m.name}: ${String(m.kumapoStore)}`).sort(), ['まちなか書店: true', '星川通り自治会: true', '熊谷うどん本店: true'].sort());
  await t.screenshot(page, 'merchants');

  // --- クマポ イベント (R23): the code shown once, its QR scans to it, and it pays 花子.
  await open('クマポ イベント', 'クマポ イベント');
  await expectVisible(page.getByTestId('event-row').filter({ hasText: 'クマポ体験デモ' }));
  const eventForm = page.getByTestId('event-create');
  await eventForm.getByLabel('イベント名').fill(EVENT_NAME);
  await eventForm.getByLabel('ポイント数').fill(String(EVENT_POINTS));
  await eventForm.getByLabel('終了日時（日本時間）').fill(`${jstDate(7)}T17:00`);
  await eventForm.getByLabel('受け取れる回数').selectOption({ label: '期間中1回' });
  await t.screenshot(page, 'event-form');
  await eventForm.getByRole('button', { name: '登録' }).click();
  const card = page.getByTestId('event-qr');
  await expectText(card.getByRole('heading'), `イベント「${EVENT_NAME}」のQRコード`);
  await expectText(card.locator('p').first(), new RegExp(`^50 pt・期間中1回・\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2} 〜 ${jstDate(7).replace(/-/g, '/')} 17:00$`));
  await expectHidden(page.getByTestId('event-create'));
  const eventCode = await readableText(page.getByTestId('event-code'));
  if (!/^KPE1\.[\w-]{22}$/.test(eventCode)) throw new Error(`the page showed ${eventCode} as the event code`);
  expectEqual('the QR drawn on the page, read by the apps’ QR reader', await scanQr(card.locator('svg')), eventCode);
  await t.screenshot(page, 'event-qr');
  const claim = await fetch(`${backend.url}/v1/customer/points/claim`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demo.hanako.customerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ code: eventCode }),
    signal: AbortSignal.timeout(5_000),
  });
  expectEqual('花子 claims with the code the page showed', [claim.status < 300, ((await claim.json()) as { pointsAfter?: number }).pointsAfter], [true, EVENT_POINTS]);
  await card.getByRole('button', { name: '閉じる' }).click();
  await expectHidden(card);
  await expectVisible(page.getByTestId('event-create'));
  await expectText(page.getByTestId('event-row').filter({ hasText: EVENT_NAME }), new RegExp(`^${EVENT_NAME} 50 pt 期間中1回 .+ 1$`));
  await t.screenshot(page, 'events');

  // --- バス乗車の取込 (R24): a broken line refuses the whole file; fixed, it credits answered rides once.
  const dir = path.join(t.dir, 'bus');
  mkdirSync(dir, { recursive: true });
  const broken = path.join(dir, 'kumapo_broken.csv');
  const fixed = path.join(dir, 'kumapo.csv');
  const noColumn = path.join(dir, 'kumapo_no_column.csv');
  writeFileSync(broken, busFile(demo, 'きのうの夕方'));
  writeFileSync(noColumn, `rideId,customerId,usedAt,bus,boardingStop\r\nR-0009,${demo.taro.walletId},${jstDate(0)} 09:00,ゆうゆう号 2便,熊谷駅\r\n`);
  writeFileSync(fixed, busFile(demo, `${jstDate(0)} 18:20`));
  await open('バス乗車の取込', 'バス乗車データの取込（クマポ）');
  const result = page.getByTestId('bus-result');
  const fact = (term: string) => page.getByTestId('bus-counts').locator(`[data-fact="${term}"] dd`);

  await chooseFile(page, broken);
  await expectText(result.getByRole('heading'), '取込結果：kumapo_broken.csv');
  await expectText(page.getByTestId('bus-verdict'), '不正な行があるため、このファイルは取り込んでいません。');
  await expectText(fact('busMalformed'), '1行');
  await expectText(fact('busEncoding'), 'Shift_JIS');
  await expectText(page.getByTestId('malformed-row'), '6行目 利用日時（usedAt）"きのうの夕方" を日時として読めません（例：2024-07-01 08:15）');
  expectEqual('花子 after the refused file (nothing applied)', await customerPoints(backend, demo.hanako.customerToken), EVENT_POINTS);
  await t.screenshot(page, 'bus-refused');

  // A file that is not the bus company's format at all: why, in Japanese, and nothing applied.
  await chooseFile(page, noColumn);
  await expectText(result.getByRole('heading'), '取込結果：kumapo_no_column.csv');
  await expectText(page.getByTestId('bus-verdict'), '読み込めないファイルのため、取り込んでいません：見出しに alightingStop がありません');
  await expectHidden(page.getByTestId('bus-counts'));

  await chooseFile(page, fixed);
  await expectText(result.getByRole('heading'), '取込結果：kumapo.csv');
  await expectText(page.getByTestId('bus-verdict'), 'このファイルを取り込みました。');
  await expectText(fact('busCredited'), '3件（30 pt）');
  await expectText(fact('busRows'), '5件');
  await expectText(fact('busAlready'), '0件');
  await expectText(fact('busUnanswered'), '1件');
  await expectText(fact('busUnknown'), '1件');
  await expectText(fact('busCap'), '0件');
  await expectText(fact('busEncoding'), 'Shift_JIS');
  await expectHidden(page.getByTestId('bus-malformed'));
  await t.screenshot(page, 'bus-applied');
  const points = { hanako: await customerPoints(backend, demo.hanako.customerToken), taro: await customerPoints(backend, demo.taro.customerToken) };
  expectEqual('points after the import (花子 50 + 2 rides, 太郎 1 ride)', points, { hanako: EVENT_POINTS + 20, taro: 10 });

  // The same file again: nothing new (R24, idempotent per rideId).
  await chooseFile(page, fixed);
  await expectText(page.getByTestId('bus-verdict'), 'このファイルを取り込みました。新しく付与したポイントはありません。');
  await expectText(fact('busCredited'), '0件（0 pt）');
  await expectText(fact('busAlready'), '3件');
  expectEqual('花子 after the second import', await customerPoints(backend, demo.hanako.customerToken), points.hanako);

  // English with one toggle, the answer kept on screen; and back.
  await page.getByRole('button', { name: 'English' }).click();
  await expectText(heading, 'Bus ride import (KumaPo)');
  await expectText(page.getByTestId('bus-verdict'), 'The file was imported. No new points were given.');
  await expectText(fact('busAlready'), '3');
  await t.screenshot(page, 'bus-english');
  await page.getByRole('button', { name: '日本語' }).click();
  await expectText(heading, 'バス乗車データの取込（クマポ）');

  // --- レポート (R27): today's points, on screen and as CSV.
  await open('レポート', 'レポート');
  const reportForm = page.getByTestId('report-form');
  await reportForm.getByLabel('レポートの種類').selectOption({ label: 'クマポ ポイント' });
  await reportForm.getByLabel('開始日').fill(jstDate(0));
  await reportForm.getByLabel('終了日').fill(jstDate(0));
  await reportForm.getByRole('button', { name: '表示' }).click();
  const rows = page.getByTestId('report-table').locator('tbody tr');
  await expectText(rows.filter({ hasText: `イベント「${EVENT_NAME}」` }), `付与 イベント「${EVENT_NAME}」（受取回数） 1 50 pt`);
  await expectText(rows.filter({ hasText: 'バス乗車' }), '付与 バス乗車（乗車数） 3 30 pt');
  await expectText(rows.filter({ hasText: '付与 計' }), '付与 計 80 pt');
  await expectText(rows.filter({ hasText: '期末残高' }), '期末残高（期間終了時点の保有ポイント） 80 pt');
  await reportScreenshot(t, page, 'points-report');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), reportForm.getByRole('button', { name: 'CSVをダウンロード' }).click()]);
  expectEqual('points CSV file name', download.suggestedFilename(), `points_${jstDate(0)}_${jstDate(0)}.csv`);
  await eventually('the audit trail names the operator for the import', () => adminGet<{ items: { actor: string; action: string }[] }>(backend, '/v1/admin/audit?limit=20'), (r) =>
    r.items.some((line) => line.action === 'bus_rides_import' && line.actor.endsWith(':山田')),
  );
  return { eventCode, points };
}

async function run(t: TestContext): Promise<void> {
  const s = await startStack(t);
  const outcome = await operatorKumapoDay(t, { backend: s.backend, demo: s.demo, browser: s.browser });

  // The counter: 花子 spends 60 of the points she got from the event and her bus rides at the
  // demo's KumaPo store (R23), by クマポ利用 with her app QR.
  await s.page.bringToFront();
  const cashier = staffOf(s.demo, 'cashier');
  await s.terminal.login(cashier.staffCode, cashier.pin);
  await spendPointsWithHanakoQr(s, 60);
  await expectText(s.terminal.byTestId('points-used'), /60\s*pt/);
  const left = outcome.points.hanako - 60;
  await expectText(s.terminal.byTestId('points-left-value'), new RegExp(`${left}\\s*pt`));
  await t.screenshot(s.page, 'counter-spend');
  expectEqual('花子 points after spending the bus points (backend)', await customerPoints(s.backend, s.demo.hanako.customerToken), left);
}

export const busImport: E2eTest = {
  name: 'When the city\'s operator flags KumaPo stores, makes an event QR (R23) and imports the bus company\'s Shift_JIS file at /admin/ (a broken line first: nothing applied), then answered rides earn points once (R24), the points report shows them (R27), and 花子 spends them at the KumaPo store\'s counter (R23)',
  slug: 'bus-import',
  timeoutMs: 180_000,
  unavailable: () => (chromiumInstalled() ? null : `${CHROMIUM_PATH} is missing (apt-get install chromium fonts-noto-cjk)`),
  run,
};

export default [busImport];
