// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../bridge/host-error';
import { fakeStaff } from '../bridge/fake';
import { cpmTokenText, LOT_A, LOT_B, wallet } from '../test-support/fixtures';
import { renderApp } from '../test-support/render-app';

afterEach(cleanup);

const TOKEN = cpmTokenText();
const CARD_WALLET = wallet({ walletId: 'card-w', kind: 'card', totalYen: 8_000, lots: [LOT_A, LOT_B] });
const APP_WALLET = wallet({ walletId: 'app-w', kind: 'app', totalYen: 1_000, lots: [{ ...LOT_A, lotId: 'app-a', amountYen: 1_000 }] });

describe('card → app migration (R19)', () => {
  it('When the card is tapped and the app QR scanned, then both sides are shown and the whole balance moves with its lots', async () => {
    const { fake, user } = renderApp({ route: 'migrate', status: { staff: fakeStaff('support') } });
    fake.handle('lookup', (input) => ({ ok: true, wallet: input.credential.type === 'card' ? CARD_WALLET : APP_WALLET }));
    fake.handle('migrate', () => ({ ok: true, migrationId: 'mig-1', movedYen: 8_000, lots: [LOT_A, LOT_B] }));

    await screen.findByTestId('scan-prompt');
    act(() => fake.emit({ type: 'card', uid: '04A1B2C3', technology: 'iso14443a', source: 'pn532', at: '2024-06-01T01:00:00Z' }));
    expect((await screen.findByTestId('migration-card-total')).textContent).toBe('¥8,000');
    await user.click(screen.getByTestId('migration-next'));
    await screen.findByTestId('scan-prompt');
    act(() => fake.emit({ type: 'scan', text: TOKEN, source: 'hid-pos', at: '2024-06-01T01:00:05Z' }));

    const confirm = await screen.findByTestId('migration-confirm-panel');
    expect(within(confirm).getByTestId('migration-card-total').textContent).toBe('¥8,000');
    expect(within(confirm).getByTestId('migration-app-total').textContent).toBe('¥1,000');
    await user.click(within(confirm).getByTestId('migration-confirm'));

    const doneView = await screen.findByTestId('migration-done');
    expect(within(doneView).getByTestId('migration-moved').textContent).toBe('¥8,000');
    expect(within(doneView).getByTestId('migration-app-after').textContent).toBe('¥9,000');
    expect(within(doneView).getAllByTestId('lot-row')).toHaveLength(2);
    expect(fake.inputsOf('migrate')).toEqual([{ card: { nfcUid: '04A1B2C3' }, to: { type: 'cpm', token: TOKEN } }]);
  });

  it('When the card was already migrated, then it says so before asking for the app QR', async () => {
    const { fake, user } = renderApp({ route: 'migrate', status: { staff: fakeStaff('support') } });
    fake.handle('lookup', () => failure('card_migrated', 'retired'));
    await user.type(await screen.findByTestId('card-number'), '1234-5678{Enter}');
    const refused = await screen.findByTestId('migration-failed');
    expect(refused.textContent).toContain('このカードはアプリに移行済みのため使えません');
    expect(fake.inputsOf('lookup')).toEqual([{ credential: { type: 'card', cardNumber: '1234-5678' } }]);
    expect(fake.inputsOf('migrate')).toHaveLength(0);
  });

  it('When the card number is unknown, then the refusal says the card is not registered', async () => {
    const { fake, user } = renderApp({ route: 'migrate', status: { staff: fakeStaff('support') } });
    fake.handle('lookup', () => failure('card_unknown', 'no such card'));
    await user.type(await screen.findByTestId('card-number'), '99999999{Enter}');
    expect((await screen.findByTestId('migration-failed')).textContent).toContain('登録されていないカードです');
  });

  it('When an app QR is scanned where the card is expected, then the prompt asks for the card instead', async () => {
    const { fake } = renderApp({ route: 'migrate', status: { staff: fakeStaff('support') } });
    await screen.findByTestId('scan-prompt');
    act(() => fake.emit({ type: 'scan', text: TOKEN, source: 'hid-pos', at: '2024-06-01T01:00:00Z' }));
    expect((await screen.findByTestId('scan-notice')).textContent).toContain('カードを読み取ってください');
    expect(fake.inputsOf('lookup')).toHaveLength(0);
  });
});
