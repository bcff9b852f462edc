// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandOutputs, PointSpendDone } from '../../common/terminal-api';
import { failure } from '../bridge/host-error';
import { fakeStaff } from '../bridge/fake';
import { cpmTokenText } from '../test-support/fixtures';
import { renderApp } from '../test-support/render-app';

afterEach(cleanup);

const TOKEN = cpmTokenText();

function spendDone(overrides: Partial<PointSpendDone> = {}): PointSpendDone {
  return {
    clientTxnId: '0b0c7d1e-1111-4a4a-8b8b-000000000009',
    spendId: 'spend-1',
    shortNo: '0001-000012',
    points: 1_200,
    pointsAfter: 3_800,
    pointsExpiresAt: '2025-06-01T14:59:59.999Z',
    occurredAt: '2024-06-01T01:00:00.000Z',
    ...overrides,
  };
}

async function enterPointsAndScan(view: ReturnType<typeof renderApp>, digits: string, text = TOKEN) {
  const { user, fake } = view;
  await screen.findByTestId('screen-points');
  for (const digit of digits) await user.click(screen.getByTestId(`keypad-${digit}`));
  await user.click(screen.getByTestId('keypad-enter'));
  await screen.findByTestId('scan-prompt');
  act(() => fake.emit({ type: 'scan', text, source: 'hid-pos', at: '2024-06-01T01:00:00Z' }));
}

describe('クマポ利用 (R23)', () => {
  it('R23: When the shop is a KumaPo store, then the menu offers クマポ利用; at any other shop it does not', async () => {
    const store = renderApp({ status: { staff: fakeStaff('cashier'), kumapoStore: true } });
    expect((await screen.findByRole('link', { name: /クマポ利用/ })).getAttribute('href')).toBe('#/points');
    store.unmount();
    renderApp({ status: { staff: fakeStaff('cashier'), kumapoStore: false } });
    await screen.findByTestId('nav-pay');
    expect(screen.queryByRole('link', { name: /クマポ利用/ })).toBeNull();
  });

  it('R23: When 1,200 points are spent, then the cashier and the customer see the points used, the points left and when they lapse', async () => {
    const view = renderApp({ route: 'points', status: { staff: fakeStaff('cashier'), kumapoStore: true } });
    view.fake.handle('pointSpend', () => ({ ok: true, spend: spendDone() }));
    await enterPointsAndScan(view, '1200');

    const done = await screen.findByTestId('points-done');
    expect(within(done).getByText('クマポ利用完了')).toBeTruthy();
    expect(within(done).getByTestId('points-used').textContent).toBe('1,200 pt');
    expect(within(done).getByTestId('points-left-value').textContent).toBe('3,800 pt');
    expect(within(done).getByTestId('points-lapse').textContent).toBe('2025/06/01まで有効');
    expect(view.fake.inputsOf('pointSpend')).toEqual([{ points: 1_200, credential: { type: 'cpm', token: TOKEN } }]);
    expect(view.fake.customerView).toEqual({ screen: 'points_spent', points: 1_200, pointsAfter: 3_800, pointsExpiresAt: '2025-06-01T14:59:59.999Z' });
  });

  it('R23: When the customer has too few points, then the refusal says how many they have, and a second scan is not spent twice', async () => {
    const view = renderApp({ route: 'points', status: { staff: fakeStaff('cashier'), kumapoStore: true } });
    let answer: (output: CommandOutputs['pointSpend']) => void = () => undefined;
    view.fake.handle('pointSpend', () => new Promise((resolve) => (answer = resolve)));
    await enterPointsAndScan(view, '1000');
    await screen.findByTestId('points-checking');
    act(() => view.fake.emit({ type: 'scan', text: TOKEN, source: 'hid-pos', at: '2024-06-01T01:00:01Z' }));
    act(() => answer(failure('points_insufficient', 'not enough points', { pointsAvailable: 800 })));

    const declined = await screen.findByTestId('points-declined');
    expect(within(declined).getByTestId('points-reason').textContent).toContain('クマポが足りません。お客様の保有ポイントは 800 pt です');
    expect(view.fake.inputsOf('pointSpend')).toHaveLength(1);
  });

  it('R23: When a card is read, or the QR was already used, then the refusal says so in plain words', async () => {
    const view = renderApp({ route: 'points', status: { staff: fakeStaff('cashier'), kumapoStore: true } });
    view.fake.handle('pointSpend', (input) =>
      input.credential.type === 'card' ? failure('wallet_not_app', 'a card has no points') : failure('token_used', 'token already used'),
    );
    await enterPointsAndScan(view, '100', '1234567890123456');
    expect((await screen.findByTestId('points-reason')).textContent).toContain('カードにはクマポがありません');
    await view.user.click(screen.getByTestId('points-retry'));
    await screen.findByTestId('scan-prompt');
    act(() => view.fake.emit({ type: 'scan', text: TOKEN, source: 'hid-pos', at: '2024-06-01T01:00:02Z' }));
    expect((await screen.findByTestId('points-reason')).textContent).toContain('このQRコードは使用済みです');
  });

  it('R23: When the terminal is offline, then the screen says クマポ利用 is not available and nothing can be sent', async () => {
    const view = renderApp({ route: 'points', status: { staff: fakeStaff('cashier'), kumapoStore: true, connectivity: 'offline' } });
    expect((await screen.findByTestId('points-offline')).textContent).toContain('オフライン中はクマポ利用とQR表示（MPM）は使えません');
    for (const digit of '500') await view.user.click(screen.getByTestId(`keypad-${digit}`));
    expect((screen.getByTestId('keypad-enter') as HTMLButtonElement).disabled).toBe(true);
    expect(view.fake.inputsOf('pointSpend')).toHaveLength(0);
  });
});
