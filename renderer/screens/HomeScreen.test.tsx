// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../common/wire/admin';
import { fakeStaff } from '../bridge/fake';
import { renderApp } from '../test-support/render-app';

afterEach(cleanup);

async function menuOf(role: Role, chargePoint = true): Promise<string[]> {
  renderApp({ status: { staff: fakeStaff(role), chargePoint } });
  await screen.findByTestId('screen-home');
  return screen.getAllByRole('link').map((link) => link.getAttribute('data-testid') ?? '').filter((id) => id !== 'nav-home');
}

describe('home menu by role', () => {
  it('When a cashier signs in, then the menu offers payment and 残高照会 but not charge or migration', async () => {
    expect(await menuOf('cashier')).toEqual(['nav-pay', 'nav-lookup', 'nav-history', 'nav-close', 'nav-sync', 'nav-settings']);
  });

  it('When a charger signs in at a charge point, then payment and charge are offered (R10)', async () => {
    expect(await menuOf('charger')).toEqual(['nav-pay', 'nav-charge', 'nav-lookup', 'nav-history', 'nav-close', 'nav-sync', 'nav-settings']);
  });

  it('When a charger works at a shop that is not a charge point, then charge is not offered (R10)', async () => {
    expect(await menuOf('charger', false)).not.toContain('nav-charge');
  });

  it('When support staff sign in, then migration and card lookup are offered, payment is not', async () => {
    expect(await menuOf('support')).toEqual(['nav-migrate', 'nav-lookup', 'nav-history', 'nav-close', 'nav-sync', 'nav-settings']);
  });

  it('When a manager signs in, then everything is offered', async () => {
    expect(await menuOf('manager')).toEqual(['nav-pay', 'nav-charge', 'nav-migrate', 'nav-lookup', 'nav-history', 'nav-close', 'nav-sync', 'nav-settings']);
  });

  it('When a cashier opens the charge address directly, then it is refused and the menu shows instead', async () => {
    renderApp({ route: 'charge', status: { staff: fakeStaff('cashier') } });
    expect((await screen.findByTestId('not-allowed')).textContent).toBe('この操作はレジ担当ではできません');
    expect(screen.queryByTestId('screen-charge')).toBeNull();
  });

  it('When the staff member is shown in the header, then the role is named in Japanese', async () => {
    renderApp({ status: { staff: fakeStaff('support', '熊谷 花子') } });
    expect((await screen.findByTestId('header-staff')).textContent).toBe('熊谷 花子（サポート担当）');
  });

  it('When a digit key is pressed on the menu, then the numbered item opens', async () => {
    const { user } = renderApp({ status: { staff: fakeStaff('cashier') } });
    await screen.findByTestId('screen-home');
    await user.keyboard('1');
    expect(await screen.findByTestId('screen-pay')).toBeTruthy();
  });
});
