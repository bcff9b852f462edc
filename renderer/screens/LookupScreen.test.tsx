// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeStaff } from '../bridge/fake';
import { LOT_A, LOT_B, LOT_C, wallet } from '../test-support/fixtures';
import { renderApp } from '../test-support/render-app';

afterEach(cleanup);

describe('残高照会 (lookup)', () => {
  it('When a wallet is read, then what is usable here is the big figure, the title is not repeated and ¥0 lots are not listed', async () => {
    const { fake } = renderApp({ route: 'lookup', status: { staff: fakeStaff('support') } });
    fake.handle('lookup', () => ({
      ok: true,
      wallet: wallet({ totalYen: 8_000, eligibleYen: 5_000, lots: [LOT_A, { ...LOT_B, eligible: false }, { ...LOT_C, amountYen: 0 }] }),
    }));
    await screen.findByTestId('scan-prompt');
    act(() => fake.emit({ type: 'card', uid: '04A1B2C3', technology: 'iso14443a', source: 'pn532', at: '2024-06-01T01:00:00Z' }));

    const eligible = await screen.findByTestId('lookup-eligible');
    expect(eligible.textContent).toBe('¥5,000');
    expect(eligible.closest('.amount')?.className).toContain('amount--large');
    expect(screen.getAllByText('残高照会')).toHaveLength(1);
    const rows = within(screen.getByTestId('lookup-wallet-lots')).getAllByTestId('lot-row');
    expect(rows.map((row) => row.querySelector('.lot-label')?.textContent)).toEqual(['チャージマネー', '限定マネー①']);
    // The customer display is told by a command of its own, after the screen has drawn: on one
    // busy core it can land a turn later.
    await vi.waitFor(() => expect(fake.customerView).toEqual({ screen: 'balance', totalYen: 8_000, usableHereYen: 5_000 }));
  });
});
