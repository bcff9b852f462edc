// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { AppRoot } from '../app/AppRoot';
import { createPreferencesStore } from '../hooks/preferences';
import { createStatusStore } from '../hooks/status-store';
import { createFakeTerminal } from '../bridge/fake';
import { createI18n } from '../i18n/create-i18n';
import { CustomerPage } from './CustomerPage';
import type {
  CitizenAnswer,
  CitizenClient,
  CustomerPoints,
  MpmPayment,
  MpmPreview,
} from './citizen-client';

afterEach(cleanup);

const DYNAMIC_QR = 'KPM1.k1.d.req-1.m-1.yx0.zzzz.54aK6LC344GG44Gp44KT.sig';
const STATIC_QR = 'KPM1.k1.s.t-1.m-1.-.0.54aK6LC344GG44Gp44KT.sig';
const EVENT_CODE = 'KPE1.demo-event-code';
const PARTNER_QR = 'KPR1.k1.w-2.q-1.abc.5k.sig';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function ok<T>(value: T): CitizenAnswer<T> {
  return { ok: true, value };
}
function refused(code: string, message = code): CitizenAnswer<never> {
  return { ok: false, code, message };
}

type Answers = { [K in keyof CitizenClient]?: Array<Awaited<ReturnType<CitizenClient[K]>>> };

/**
 * The backend as the citizen page sees it: scripted answers per call (the last one repeats),
 * and every call recorded with its input, so a test can count what would have moved money.
 */
function fakeClient(answers: Answers = {}) {
  const calls: Array<{ method: keyof CitizenClient; input: unknown }> = [];
  const points: CustomerPoints = { points: 1_000, expiresAt: '2027-06-30T14:59:59.999Z' };
  const defaults: Required<Answers> = {
    token: [
      ok({
        token: 'KP1.token',
        expiresAt: new Date(Date.now() + 5 * 60_000).toISOString(),
        walletId: 'w-1',
        totalYen: 10_000,
      }),
    ],
    points: [ok(points)],
    history: [ok({ items: [] })],
    pointsHistory: [ok({ items: [] })],
    claimPoints: [
      ok({
        points: 100,
        pointsAfter: 1_100,
        eventName: 'クマポ体験デモ',
        expiresAt: points.expiresAt,
      }),
    ],
    receiveQr: [
      ok({
        qr: 'KPR1.k1.w-1.q-9.abc.5k.sig',
        expiresAt: new Date(Date.now() + 5 * 60_000).toISOString(),
      }),
    ],
    transferPoints: [
      ok({ transferId: 'tr-1', points: 50, pointsAfter: 950, expiresAt: points.expiresAt }),
    ],
    previewMpm: [
      ok({
        kind: 'dynamic',
        merchantName: '熊谷うどん本店',
        amountYen: 1_200,
        status: 'pending',
        expiresAt: new Date(Date.now() + 5 * 60_000).toISOString(),
      }),
    ],
    payMpm: [
      ok({
        kind: 'dynamic',
        merchantName: '熊谷うどん本店',
        paymentId: 'p-1',
        amountYen: 1_200,
        totalYenAfter: 8_800,
        occurredAt: '2026-05-01T03:00:00.000Z',
      }),
    ],
    demoInfo: [ok({ eventCode: EVENT_CODE, partner: true })],
    partnerReceiveQr: [
      ok({ qr: PARTNER_QR, expiresAt: new Date(Date.now() + 5 * 60_000).toISOString() }),
    ],
    shopQr: [ok(DYNAMIC_QR)],
  };
  const next = <K extends keyof CitizenClient>(
    method: K,
    input: unknown,
  ): Promise<Awaited<ReturnType<CitizenClient[K]>>> => {
    calls.push({ method, input });
    const queue = (answers[method] ?? defaults[method]) as Array<
      Awaited<ReturnType<CitizenClient[K]>>
    >;
    const answer = queue.length > 1 ? queue.shift() : queue[0];
    if (answer === undefined) throw new Error(`no answer scripted for ${method}`);
    return Promise.resolve(answer);
  };
  const client: CitizenClient = {
    token: () => next('token', null),
    points: () => next('points', null),
    history: () => next('history', null),
    pointsHistory: () => next('pointsHistory', null),
    claimPoints: (code) => next('claimPoints', code),
    receiveQr: () => next('receiveQr', null),
    transferPoints: (input) => next('transferPoints', input),
    previewMpm: (qr) => next('previewMpm', qr),
    payMpm: (input) => next('payMpm', input),
    demoInfo: () => next('demoInfo', null),
    partnerReceiveQr: () => next('partnerReceiveQr', null),
    shopQr: () => next('shopQr', null),
  };
  const inputsOf = (method: keyof CitizenClient) =>
    calls.filter((c) => c.method === method).map((c) => c.input);
  return { client, inputsOf };
}

function renderPage(client: CitizenClient, language: 'ja' | 'en' = 'ja') {
  const fake = createFakeTerminal();
  const user = userEvent.setup({ delay: null });
  render(
    <AppRoot
      services={{
        api: fake.api,
        statusStore: createStatusStore(fake.api),
        preferences: createPreferencesStore(null),
        i18n: createI18n(language),
      }}
    >
      <CustomerPage simHost={null} client={client} />
    </AppRoot>,
  );
  return { user };
}

async function openTab(user: ReturnType<typeof userEvent.setup>, name: string): Promise<void> {
  await user.click(
    within(screen.getByRole('navigation', { name: 'メニュー' })).getByRole('button', { name }),
  );
}

const pay = (input: unknown) => input as { clientTxnId: string; qr: string; amountYen?: number };

describe('demo citizen app: pay a shop QR (R28)', () => {
  it('R28: When a dynamic shop QR is pasted, then the shop and amount show before anything is paid; 支払う pays it once and shows the amount and the balance after', async () => {
    const { client, inputsOf } = fakeClient();
    const { user } = renderPage(client);
    await openTab(user, 'QR払い');
    await user.type(screen.getByRole('textbox', { name: 'お店のQRコード' }), DYNAMIC_QR);
    await user.click(screen.getByRole('button', { name: '内容を確認' }));

    expect(await screen.findByTestId('citizen-pay-shop')).toHaveProperty(
      'textContent',
      '熊谷うどん本店',
    );
    expect(screen.getByTestId('citizen-pay-amount').textContent).toBe('¥1,200');
    expect(inputsOf('previewMpm')).toEqual([DYNAMIC_QR]);
    expect(inputsOf('payMpm')).toEqual([]);

    await user.click(screen.getByRole('button', { name: '支払う' }));
    const result = await screen.findByRole('status');
    expect(result.textContent).toContain('お支払いが完了しました');
    expect(within(result).getByTestId('citizen-pay-paid').textContent).toBe('¥1,200');
    expect(within(result).getByTestId('citizen-pay-after').textContent).toBe('残高 ¥8,800');
    expect(inputsOf('payMpm')).toHaveLength(1);
    const sent = pay(inputsOf('payMpm')[0]);
    expect(sent.qr).toBe(DYNAMIC_QR);
    expect(sent.clientTxnId).toMatch(UUID);
    // A dynamic request carries its own amount: the app never sends one.
    expect(sent.amountYen).toBeUndefined();
  });

  it('R28: When a points request is paid, then it says クマポ and shows the points spent and left, never yen', async () => {
    const { client } = fakeClient({
      previewMpm: [
        ok<MpmPreview>({
          kind: 'dynamic',
          merchantName: '星川こども会',
          points: 300,
          status: 'pending',
        }),
      ],
      payMpm: [
        ok<MpmPayment>({
          kind: 'dynamic',
          merchantName: '星川こども会',
          spendId: 's-1',
          points: 300,
          pointsAfter: 700,
          occurredAt: '2026-05-01T03:00:00.000Z',
        }),
      ],
    });
    const { user } = renderPage(client);
    await openTab(user, 'QR払い');
    await user.type(screen.getByRole('textbox', { name: 'お店のQRコード' }), DYNAMIC_QR);
    await user.click(screen.getByRole('button', { name: '内容を確認' }));
    expect((await screen.findByTestId('citizen-pay-amount')).textContent).toBe('300 pt');
    await user.click(screen.getByRole('button', { name: '支払う' }));
    const result = await screen.findByRole('status');
    expect(result.textContent).toContain('クマポでお支払いしました');
    expect(within(result).getByTestId('citizen-pay-paid').textContent).toBe('300 pt');
    expect(within(result).getByTestId('citizen-pay-after').textContent).toBe('クマポ残高 700 pt');
    expect(result.textContent).not.toContain('¥');
  });

  it('R28: When a static store QR is read, then the app asks for the amount and pays exactly what was typed', async () => {
    const { client, inputsOf } = fakeClient({
      previewMpm: [ok<MpmPreview>({ kind: 'static', merchantName: '熊谷うどん本店' })],
      payMpm: [
        ok<MpmPayment>({
          kind: 'static',
          merchantName: '熊谷うどん本店',
          paymentId: 'p-2',
          amountYen: 1_500,
          totalYenAfter: 8_500,
          occurredAt: '2026-05-01T03:00:00.000Z',
        }),
      ],
    });
    const { user } = renderPage(client);
    await openTab(user, 'QR払い');
    await user.type(screen.getByRole('textbox', { name: 'お店のQRコード' }), STATIC_QR);
    await user.click(screen.getByRole('button', { name: '内容を確認' }));

    const amount = await screen.findByRole('textbox', { name: '金額（円）' });
    expect(screen.queryByTestId('citizen-pay-amount')).toBeNull();
    await user.click(screen.getByRole('button', { name: '支払う' }));
    expect((await screen.findByRole('alert')).textContent).toBe('1円以上の金額を入れてください');
    expect(inputsOf('payMpm')).toEqual([]);

    await user.type(amount, '1500');
    await user.click(screen.getByRole('button', { name: '支払う' }));
    expect((await screen.findByTestId('citizen-pay-after')).textContent).toBe('残高 ¥8,500');
    expect(inputsOf('payMpm')).toHaveLength(1);
    expect(pay(inputsOf('payMpm')[0])).toMatchObject({ qr: STATIC_QR, amountYen: 1_500 });
  });

  it.each([
    [
      'mpm_request_expired',
      'このQRコードは有効期限が切れています。お店で新しいQRを出してもらってください',
    ],
    [
      'mpm_request_closed',
      'この支払いはもう受け付けていません（支払い済みか、お店が取り消しました）',
    ],
    ['insufficient_funds', '残高が足りません'],
    ['points_insufficient', 'クマポが足りません'],
  ])(
    'R28: When the backend refuses the payment with %s, then the citizen reads why in Japanese and nothing shows as paid',
    async (code, words) => {
      const { client } = fakeClient({ payMpm: [refused(code, 'English detail')] });
      const { user } = renderPage(client);
      await openTab(user, 'QR払い');
      await user.type(screen.getByRole('textbox', { name: 'お店のQRコード' }), DYNAMIC_QR);
      await user.click(screen.getByRole('button', { name: '内容を確認' }));
      await user.click(await screen.findByRole('button', { name: '支払う' }));
      expect((await screen.findByTestId('citizen-pay-refusal')).textContent).toBe(words);
      expect(screen.queryByTestId('citizen-pay-result')).toBeNull();
    },
  );

  it('R28: When the first 支払う gets no answer, then the retry carries the same clientTxnId (the backend pays it once); after a refusal the next attempt is a new one', async () => {
    const { client, inputsOf } = fakeClient({
      payMpm: [
        refused('network', 'timeout'),
        refused('insufficient_funds'),
        ok<MpmPayment>({
          kind: 'dynamic',
          merchantName: '熊谷うどん本店',
          paymentId: 'p-1',
          amountYen: 1_200,
          totalYenAfter: 8_800,
          occurredAt: '2026-05-01T03:00:00.000Z',
        }),
      ],
    });
    const { user } = renderPage(client);
    await openTab(user, 'QR払い');
    await user.type(screen.getByRole('textbox', { name: 'お店のQRコード' }), DYNAMIC_QR);
    await user.click(screen.getByRole('button', { name: '内容を確認' }));
    await user.click(await screen.findByRole('button', { name: '支払う' }));
    expect((await screen.findByTestId('citizen-pay-refusal')).textContent).toBe(
      'サーバーに接続できません。通信を確認してください',
    );
    await user.click(screen.getByRole('button', { name: '支払う' }));
    await waitFor(() =>
      expect(screen.getByTestId('citizen-pay-refusal').textContent).toBe('残高が足りません'),
    );
    await user.click(screen.getByRole('button', { name: '支払う' }));
    await screen.findByTestId('citizen-pay-result');

    const ids = inputsOf('payMpm').map((input) => pay(input).clientTxnId);
    expect(ids).toHaveLength(3);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[1]);
  });

  it('R28: When the request was already paid, then the preview says so and offers no 支払う', async () => {
    const { client, inputsOf } = fakeClient({
      previewMpm: [
        ok<MpmPreview>({
          kind: 'dynamic',
          merchantName: '熊谷うどん本店',
          amountYen: 1_200,
          status: 'paid',
        }),
      ],
    });
    const { user } = renderPage(client);
    await openTab(user, 'QR払い');
    await user.type(screen.getByRole('textbox', { name: 'お店のQRコード' }), DYNAMIC_QR);
    await user.click(screen.getByRole('button', { name: '内容を確認' }));
    expect((await screen.findByTestId('citizen-pay-status')).textContent).toBe(
      'この支払いはすでに済んでいます',
    );
    expect(screen.queryByRole('button', { name: '支払う' })).toBeNull();
    expect(inputsOf('payMpm')).toEqual([]);
  });

  it('R28: When the keyboard is all there is, then Enter in the QR field checks it, focus lands on 支払う, and Enter pays', async () => {
    const { client, inputsOf } = fakeClient();
    const { user } = renderPage(client);
    await openTab(user, 'QR払い');
    await user.type(
      screen.getByRole('textbox', { name: 'お店のQRコード' }),
      `${DYNAMIC_QR}{Enter}`,
    );
    const confirm = await screen.findByRole('button', { name: '支払う' });
    await waitFor(() => expect(document.activeElement).toBe(confirm));
    await user.keyboard('{Enter}');
    await screen.findByTestId('citizen-pay-result');
    expect(inputsOf('payMpm')).toHaveLength(1);
  });

  it('R28: When the demo button reads the QR the register shows, then it is checked at once', async () => {
    const { client, inputsOf } = fakeClient();
    const { user } = renderPage(client);
    await openTab(user, 'QR払い');
    await user.click(screen.getByRole('button', { name: 'デモ：レジに表示中のQR' }));
    expect((await screen.findByTestId('citizen-pay-amount')).textContent).toBe('¥1,200');
    expect(inputsOf('previewMpm')).toEqual([DYNAMIC_QR]);
  });
});

describe('demo citizen app: KumaPo (R23)', () => {
  it('R23: When the demo event QR is claimed, then the points received and the new balance show', async () => {
    const { client, inputsOf } = fakeClient();
    const { user } = renderPage(client);
    await openTab(user, 'クマポ');
    expect((await screen.findByTestId('citizen-points-balance')).textContent).toBe('1,000 pt');
    expect(screen.getByTestId('citizen-points-expires').textContent).toBe('2027/06/30まで有効');

    await user.click(await screen.findByRole('button', { name: 'デモのイベントQR' }));
    expect(screen.getByRole('textbox', { name: 'イベントQRのコード' })).toHaveProperty(
      'value',
      EVENT_CODE,
    );
    await user.click(screen.getByRole('button', { name: '受け取る' }));
    expect((await screen.findByTestId('citizen-claim-result')).textContent).toBe(
      '「クマポ体験デモ」で100 ptを受け取りました 残り 1,100 pt',
    );
    expect(screen.getByTestId('citizen-points-balance').textContent).toBe('1,100 pt');
    expect(inputsOf('claimPoints')).toEqual([EVENT_CODE]);
  });

  it('R23: When the event was already claimed, then the refusal is in Japanese and the balance stays', async () => {
    const { client } = fakeClient({ claimPoints: [refused('points_already_claimed')] });
    const { user } = renderPage(client);
    await openTab(user, 'クマポ');
    await user.type(screen.getByRole('textbox', { name: 'イベントQRのコード' }), EVENT_CODE);
    await user.click(screen.getByRole('button', { name: '受け取る' }));
    expect((await screen.findByTestId('citizen-claim-refusal')).textContent).toBe(
      'このクマポはすでに受け取り済みです',
    );
    expect(screen.getByTestId('citizen-points-balance').textContent).toBe('1,000 pt');
  });

  it('R23: When 受け取りQRを表示 is pressed, then the receive-QR shows as a QR with its countdown', async () => {
    const { client } = fakeClient();
    const { user } = renderPage(client);
    await openTab(user, 'クマポ');
    await user.click(screen.getByRole('button', { name: '受け取りQRを表示' }));
    const qr = await screen.findByRole('img', { name: 'あなたの受け取りQR' });
    expect(qr.getAttribute('data-token')).toBe('KPR1.k1.w-1.q-9.abc.5k.sig');
    expect(screen.getByTestId('citizen-receive-expires').textContent).toMatch(/^あと\d+秒有効$/);
  });

  it('R23: When points are sent to the demo partner, then they go once to that receive-QR and the balance left shows; a used receive-QR is refused in words', async () => {
    const { client, inputsOf } = fakeClient({
      transferPoints: [
        ok({ transferId: 'tr-1', points: 50, pointsAfter: 950, expiresAt: null }),
        refused('token_used'),
      ],
    });
    const { user } = renderPage(client);
    await openTab(user, 'クマポ');
    await user.click(await screen.findByRole('button', { name: 'デモの相手のQR' }));
    await waitFor(() =>
      expect(screen.getByRole('textbox', { name: '相手の受け取りQR' })).toHaveProperty(
        'value',
        PARTNER_QR,
      ),
    );
    await user.type(screen.getByRole('textbox', { name: '送るポイント' }), '50');
    await user.click(screen.getByRole('button', { name: '送る' }));
    expect((await screen.findByTestId('citizen-send-result')).textContent).toBe(
      '50 ptを送りました 残り 950 pt',
    );
    expect(screen.getByTestId('citizen-points-balance').textContent).toBe('950 pt');
    expect(inputsOf('transferPoints')).toEqual([
      { clientTxnId: expect.stringMatching(UUID), to: PARTNER_QR, points: 50 },
    ]);

    await user.type(screen.getByRole('textbox', { name: '相手の受け取りQR' }), PARTNER_QR);
    await user.type(screen.getByRole('textbox', { name: '送るポイント' }), '10');
    await user.click(screen.getByRole('button', { name: '送る' }));
    expect((await screen.findByTestId('citizen-send-refusal')).textContent).toBe(
      'このQRコードはもう使われています',
    );
    expect(screen.getByTestId('citizen-points-balance').textContent).toBe('950 pt');
  });
});

describe('demo citizen app: history (R25, R23 履歴切替)', () => {
  it('R25: When ポイント is chosen in the history, then the points items show signed in pt, and 円 brings the yen items back', async () => {
    const { client } = fakeClient({
      history: [
        ok({
          items: [
            {
              id: 'h-1',
              type: 'payment',
              occurredAt: '2026-05-01T03:00:00.000Z',
              merchantName: '熊谷うどん本店',
              amountYen: -1_200,
              cancelled: false,
              lots: [],
            },
          ],
        }),
      ],
      pointsHistory: [
        ok({
          items: [
            {
              id: 'ph-2',
              type: 'spend',
              occurredAt: '2026-05-02T03:00:00.000Z',
              points: -300,
              name: '星川こども会',
              cancelled: false,
            },
            {
              id: 'ph-1',
              type: 'claim',
              occurredAt: '2026-05-01T01:00:00.000Z',
              points: 100,
              name: 'クマポ体験デモ',
              cancelled: false,
            },
          ],
        }),
      ],
    });
    const { user } = renderPage(client);
    await openTab(user, '履歴');
    const switcher = screen.getByRole('group', { name: '履歴切替' });
    expect(within(switcher).getByRole('button', { name: '円' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    const yen = await screen.findByRole('list', { name: '円の履歴' });
    expect(
      within(yen)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['2026/05/01 12:00お支払い 熊谷うどん本店-¥1,200']);

    await user.click(within(switcher).getByRole('button', { name: 'ポイント' }));
    const points = await screen.findByRole('list', { name: 'ポイントの履歴' });
    expect(
      within(points)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      '2026/05/02 12:00利用 星川こども会-300 pt',
      '2026/05/01 10:00イベント クマポ体験デモ+100 pt',
    ]);
    expect(screen.queryByRole('list', { name: '円の履歴' })).toBeNull();

    await user.click(within(switcher).getByRole('button', { name: '円' }));
    expect(await screen.findByRole('list', { name: '円の履歴' })).toBeTruthy();
  });
});

describe('demo citizen app: languages', () => {
  it('When English is chosen, then the menu and the payment QR speak English and yen keeps the ¥ format', async () => {
    const { client } = fakeClient();
    const { user } = renderPage(client);
    expect((await screen.findByTestId('customer-balance')).textContent).toBe('¥10,000');
    await user.click(screen.getByRole('button', { name: 'English' }));
    const menu = screen.getByRole('navigation', { name: 'Menu' });
    expect(
      within(menu)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Payment code', 'Pay by QR', 'KumaPo', 'History']);
    expect(screen.getByTestId('customer-balance').textContent).toBe('¥10,000');
  });
});
