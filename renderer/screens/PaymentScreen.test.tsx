// @vitest-environment jsdom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandOutputs } from '../../common/terminal-api';
import { failure } from '../bridge/host-error';
import { fakeStaff } from '../bridge/fake';
import { renderApp } from '../test-support/render-app';
import { cpmTokenText, r6Approved } from '../test-support/fixtures';

afterEach(cleanup);

const TOKEN = cpmTokenText();
/** A quick cashier still leaves this much between keys (people: 80 ms or more; a scanner: a few ms). */
const PERSON_KEY_GAP_MS = 150;

async function enterAmountAndScan(user: ReturnType<typeof renderApp>['user'], fake: ReturnType<typeof renderApp>['fake'], digits: string) {
  await screen.findByTestId('screen-pay');
  for (const digit of digits) await user.click(screen.getByTestId(`keypad-${digit}`));
  await user.click(screen.getByTestId('keypad-enter'));
  await screen.findByTestId('scan-prompt');
  act(() => fake.emit({ type: 'scan', text: TOKEN, source: 'hid-pos', at: '2024-06-01T01:00:00Z' }));
}

describe('payment (お支払い)', () => {
  it('When a 7,000-yen payment is approved, then the screen shows it big with the R6 per-lot breakdown and the balance after', async () => {
    const { fake, user } = renderApp({ route: 'pay', status: { staff: fakeStaff('cashier') } });
    fake.handle('pay', () => ({ ok: true, payment: r6Approved() }));
    await enterAmountAndScan(user, fake, '7000');

    const approved = await screen.findByTestId('payment-approved');
    expect(within(approved).getByText('お支払い完了')).toBeTruthy();
    expect(within(approved).getByTestId('approved-amount').textContent).toBe('¥7,000');
    const rows = within(within(approved).getByTestId('payment-breakdown')).getAllByTestId('lot-row');
    expect(rows.map((row) => row.textContent)).toEqual(['限定マネー②¥2,000', '限定マネー①¥3,000', 'チャージマネー¥2,000']);
    expect(within(approved).getByTestId('balance-after-total').textContent).toBe('¥3,000');
    expect(within(approved).queryByTestId('offline-badge')).toBeNull();
    expect(fake.inputsOf('pay')).toEqual([{ amountYen: 7_000, credential: { type: 'cpm', token: TOKEN } }]);
  });

  it('When the core is checking, then "確認中…" shows and a second scan does not start a second payment', async () => {
    const { fake, user } = renderApp({ route: 'pay', status: { staff: fakeStaff('cashier') } });
    let answer: (output: CommandOutputs['pay']) => void = () => undefined;
    fake.handle('pay', () => new Promise((resolve) => (answer = resolve)));
    await enterAmountAndScan(user, fake, '500');

    const checking = await screen.findByTestId('payment-checking');
    expect(checking.textContent).toContain('確認中…');
    act(() => fake.emit({ type: 'payment_checking', clientTxnId: 'c-1' }));
    act(() => fake.emit({ type: 'scan', text: TOKEN, source: 'hid-pos', at: '2024-06-01T01:00:01Z' }));
    act(() => answer({ ok: true, payment: { ...r6Approved(), amountYen: 500 } }));
    await screen.findByTestId('payment-approved');
    expect(fake.inputsOf('pay')).toHaveLength(1);
  });

  it('When an offline approval comes back (R20), then the オフライン badge shows and no balance is claimed', async () => {
    const { fake, user } = renderApp({ route: 'pay', status: { staff: fakeStaff('cashier'), connectivity: 'offline' } });
    fake.handle('pay', () => ({ ok: true, payment: r6Approved(true) }));
    await enterAmountAndScan(user, fake, '7000');

    const approved = await screen.findByTestId('payment-approved');
    expect(within(approved).getByTestId('offline-badge').textContent).toBe('オフライン');
    expect(within(approved).queryByTestId('balance-after')).toBeNull();
    // R2: with no name from the core and no balance after, a neutral word for the kind — never
    // a built-in balance name the city may have changed.
    const rows = within(within(approved).getByTestId('payment-breakdown')).getAllByTestId('lot-row');
    expect(rows.map((row) => row.textContent)).toEqual(['キャンペーン残高¥2,000', 'キャンペーン残高¥3,000', 'チャージ残高¥2,000']);
    expect(screen.getByTestId('connectivity').textContent).toBe('オフライン');
  });

  it('When funds are short (R8, R32), then the decline says by how much and one touch splits: KumaPAY the usable part, the rest in cash on the same sale', async () => {
    const { fake, user } = renderApp({ route: 'pay', status: { staff: fakeStaff('cashier') } });
    fake.handle('pay', (input) =>
      input.amountYen === 7_000
        ? failure('insufficient_funds', 'eligible value is less than the amount', { eligibleYen: 5_000, totalYen: 5_000, notAcceptedHere: [] })
        : { ok: true, payment: { ...r6Approved(), amountYen: input.amountYen, cashYen: input.cashYen, shortNo: '0001-000042' } },
    );
    await enterAmountAndScan(user, fake, '7000');

    const declined = await screen.findByTestId('payment-declined');
    expect(within(declined).getByTestId('decline-reason').textContent).toContain('残高が ¥2,000 足りません（ここで使える残高 ¥5,000）');
    expect(within(declined).getByTestId('eligible-amount').textContent).toBe('¥5,000');
    const split = within(within(declined).getByTestId('split-offer')).getByTestId('split-confirm');
    expect(split.textContent).toBe('分割する：KumaPAY ¥5,000 ＋ 現金 ¥2,000');
    await user.click(split);

    const approved = await screen.findByTestId('payment-approved');
    const result = within(approved).getByTestId('split-result');
    expect(within(result).getByTestId('approved-amount').textContent).toBe('¥5,000');
    expect(within(result).getByTestId('split-cash').textContent).toBe('¥2,000');
    expect(within(result).getByTestId('split-total').textContent).toBe('¥7,000');
    expect(within(approved).getByTestId('cash-remainder').textContent).toBe('残り¥2,000を現金でお受け取りください');
    expect(within(approved).getByTestId('short-no').textContent).toBe('0001-000042');
    expect(fake.inputsOf('pay')).toEqual([
      { amountYen: 7_000, credential: { type: 'cpm', token: TOKEN } },
      { amountYen: 5_000, credential: { type: 'cpm', token: TOKEN }, cashYen: 2_000 },
    ]);
  });

  it('When the wallet holds only money this shop does not accept (R32), then the decline names it, offers no split and says cash only', async () => {
    const { fake, user } = renderApp({ route: 'pay', status: { staff: fakeStaff('cashier') } });
    fake.handle('pay', () =>
      failure('insufficient_funds', 'eligible value is less than the amount', { eligibleYen: 0, totalYen: 10_250, notAcceptedHere: [{ label: '限定マネー①', amountYen: 10_250 }] }),
    );
    await enterAmountAndScan(user, fake, '3000');

    const declined = await screen.findByTestId('payment-declined');
    const reason = within(declined).getByTestId('decline-reason');
    expect(reason.textContent).toContain('このお店では 限定マネー① (¥10,250) は使えません。ここで使える残高は ¥0 です');
    expect(reason.textContent).not.toContain('insufficient_funds');
    expect(within(declined).queryByTestId('split-offer')).toBeNull();
    expect(within(declined).getByTestId('cash-only').textContent).toContain('全額を現金');
  });

  it('When part is usable and part is not accepted here (R32), then the decline names the refused balance and the split is one Enter away', async () => {
    const { fake, user } = renderApp({ route: 'pay', status: { staff: fakeStaff('cashier') } });
    fake.handle('pay', (input) =>
      input.cashYen === undefined
        ? failure('insufficient_funds', 'short', { eligibleYen: 1_200, totalYen: 4_200, notAcceptedHere: [{ label: '限定マネー②', amountYen: 3_000 }] })
        : { ok: true, payment: { ...r6Approved(), amountYen: input.amountYen, cashYen: input.cashYen } },
    );
    await enterAmountAndScan(user, fake, '2000');

    const declined = await screen.findByTestId('payment-declined');
    expect(within(declined).getByTestId('decline-reason').textContent).toContain('このお店では 限定マネー② (¥3,000) は使えません。ここで使える残高は ¥1,200 です');
    expect(document.activeElement?.getAttribute('data-testid')).toBe('split-confirm');
    await user.keyboard('{Enter}');
    const approved = await screen.findByTestId('payment-approved');
    expect(within(approved).getByTestId('split-cash').textContent).toBe('¥800');
    expect(fake.inputsOf('pay')[1]).toEqual({ amountYen: 1_200, credential: { type: 'cpm', token: TOKEN }, cashYen: 800 });
  });

  it('When the token was already used, then the reason is in plain Japanese and no split is offered', async () => {
    const { fake, user } = renderApp({ route: 'pay', status: { staff: fakeStaff('cashier') } });
    fake.handle('pay', () => failure('token_used', 'token already used'));
    await enterAmountAndScan(user, fake, '1200');

    const declined = await screen.findByTestId('payment-declined');
    const reason = within(declined).getByTestId('decline-reason');
    expect(reason.textContent).toContain('このQRコードは使用済みです');
    // The raw code is for the support line: only behind 詳細.
    expect(reason.textContent).not.toContain('token_used');
    await user.click(within(reason).getByTestId('failure-details-toggle'));
    expect(within(reason).getByTestId('failure-details').textContent).toContain('token_used');
    expect(within(declined).queryByTestId('split-offer')).toBeNull();
    await user.click(within(declined).getByTestId('retry-scan'));
    expect(await screen.findByTestId('scan-prompt')).toBeTruthy();
  });

  it('When the cashier uses only the keyboard and a keyboard-mode scanner, then the payment goes through', async () => {
    const { fake, user, keyTime } = renderApp({ route: 'pay', status: { staff: fakeStaff('cashier') } });
    fake.handle('pay', (input) => ({ ok: true, payment: { ...r6Approved(), amountYen: input.amountYen } }));
    await screen.findByTestId('screen-pay');
    for (const key of ['3', '5', '0']) {
      await user.keyboard(key);
      keyTime.advance(PERSON_KEY_GAP_MS);
    }
    expect(screen.getByTestId('amount-display').textContent).toBe('¥350');
    await user.keyboard('{Enter}');
    await screen.findByTestId('scan-prompt');
    keyTime.advance(PERSON_KEY_GAP_MS);
    // A wedge scanner types the whole card number in one burst (no time between keys), then Enter.
    await user.keyboard('12345678{Enter}');

    await screen.findByTestId('payment-approved');
    expect(fake.inputsOf('pay')).toEqual([{ amountYen: 350, credential: { type: 'card', cardNumber: '12345678' } }]);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.getByTestId('amount-display').textContent).toBe('¥0'));
  });

  it('When a person types a number at the scan prompt at human speed and presses Enter, then it is not taken as a scanned card and nothing is paid', async () => {
    const { fake, user, keyTime } = renderApp({ route: 'pay', status: { staff: fakeStaff('cashier') } });
    fake.handle('pay', (input) => ({ ok: true, payment: { ...r6Approved(), amountYen: input.amountYen } }));
    await screen.findByTestId('screen-pay');
    await user.click(screen.getByTestId('keypad-9'));
    await user.click(screen.getByTestId('keypad-enter'));
    await screen.findByTestId('scan-prompt');
    for (const key of [...'12345678', '{Enter}']) {
      keyTime.advance(PERSON_KEY_GAP_MS);
      await user.keyboard(key);
    }
    expect(screen.getByTestId('payment-flow').getAttribute('data-state')).toBe('scanning');
    expect(screen.queryByTestId('scan-notice')).toBeNull();
    expect(fake.inputsOf('pay')).toHaveLength(0);
  });

  it('When a card is tapped on the reader, then it pays by the card UID', async () => {
    const { fake, user } = renderApp({ route: 'pay', status: { staff: fakeStaff('cashier') } });
    fake.handle('pay', () => failure('card_migrated', 'card retired'));
    await screen.findByTestId('screen-pay');
    await user.click(screen.getByTestId('keypad-9'));
    await user.click(screen.getByTestId('keypad-enter'));
    await screen.findByTestId('scan-prompt');
    act(() => fake.emit({ type: 'card', uid: '04A1B2C3', technology: 'iso14443a', source: 'pn532', at: '2024-06-01T01:00:00Z' }));

    const declined = await screen.findByTestId('payment-declined');
    expect(within(declined).getByTestId('decline-reason').textContent).toContain('アプリに移行済み');
    expect(fake.inputsOf('pay')[0]?.credential).toEqual({ type: 'card', nfcUid: '04A1B2C3' });
  });

  it('When the scanned text is not a credential, then the prompt says it could not be read and nothing is paid', async () => {
    const { fake, user } = renderApp({ route: 'pay', status: { staff: fakeStaff('cashier') } });
    await screen.findByTestId('screen-pay');
    await user.click(screen.getByTestId('keypad-9'));
    await user.click(screen.getByTestId('keypad-enter'));
    await screen.findByTestId('scan-prompt');
    act(() => fake.emit({ type: 'scan', text: 'https://example.com', source: 'hid-pos', at: '2024-06-01T01:00:00Z' }));
    expect((await screen.findByTestId('scan-notice')).textContent).toContain('読み取れませんでした');
    expect(fake.inputsOf('pay')).toHaveLength(0);
  });

  it('When a scanner or card reader is unplugged, then the payment screen warns before the customer scans', async () => {
    renderApp({
      route: 'pay',
      status: {
        staff: fakeStaff('cashier'),
        devices: [
          { id: 'scanner-1', kind: 'scanner', name: 'Honeywell', transport: 'hid', state: 'disconnected', reason: 'unplugged' },
          { id: 'reader-1', kind: 'card_reader', name: 'PaSoRi', transport: 'hid', state: 'connected', reason: null },
        ],
      },
    });
    await screen.findByTestId('screen-pay');
    const warning = screen.getByTestId('reader-missing');
    expect(warning.getAttribute('data-kind')).toBe('scanner');
    expect(warning.textContent).toContain('スキャナーが外れています');
    expect(screen.getByTestId('device-status').getAttribute('data-problems')).toContain('scanner');
  });

  it('When the sale moves on, then the customer display is told: the amount, then the result with the balance, then welcome', async () => {
    const { fake, user } = renderApp({ route: 'pay', status: { staff: fakeStaff('cashier') } });
    fake.handle('pay', () => ({ ok: true, payment: r6Approved() }));
    await enterAmountAndScan(user, fake, '7000');
    await screen.findByTestId('payment-approved');
    const views = fake.inputsOf('customerDisplay').map((input) => input.view);
    expect(views).toContainEqual({ screen: 'amount', purpose: 'payment', amountYen: 7_000 });
    expect(views.at(-1)).toEqual({ screen: 'approved', amountYen: 7_000, cashYen: 0, balanceAfterYen: 3_000, usableHereYen: 3_000 });
    await user.click(screen.getByTestId('next-sale'));
    await waitFor(() => expect(fake.customerView).toEqual({ screen: 'welcome' }));
  });

  it('When the cashier taps 戻る on the scan prompt, then it goes back to the amount, and 戻る again goes to the menu', async () => {
    const { user } = renderApp({ route: 'pay', status: { staff: fakeStaff('cashier') } });
    await screen.findByTestId('screen-pay');
    await user.click(screen.getByTestId('keypad-5'));
    await user.click(screen.getByTestId('keypad-enter'));
    await screen.findByTestId('scan-prompt');
    await user.click(screen.getByTestId('back-button'));
    expect(screen.getByTestId('payment-flow').getAttribute('data-state')).toBe('entering');
    expect(screen.getByTestId('amount-display').textContent).toBe('¥5');
    await user.click(screen.getByTestId('back-button'));
    await user.click(screen.getByTestId('back-button'));
    expect(await screen.findByTestId('screen-home')).toBeTruthy();
  });
});
