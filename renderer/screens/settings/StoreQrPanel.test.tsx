// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../common/wire/admin';
import type { TerminalStatus } from '../../../common/terminal-api';
import { failure } from '../../bridge/host-error';
import { fakeStaff, fakeStoreQr } from '../../bridge/fake';
import { renderApp } from '../../test-support/render-app';

afterEach(cleanup);

/** 設定 → the 店頭QR tab, as a manager gets there. */
async function openStoreQr(role: Role = 'manager', status: Partial<TerminalStatus> = {}) {
  const rendered = renderApp({ route: 'settings', status: { staff: fakeStaff(role), ...status } });
  await rendered.user.click(await screen.findByRole('tab', { name: '店頭QR' }));
  const section = await screen.findByRole('region', { name: '店頭QRコード' });
  return { ...rendered, section };
}

describe('設定 → 店頭QR (R28 static MPM)', () => {
  it("R28: When a manager opens 店頭QR, then this register's store QR shows large with the shop's name, what it is for, and 印刷 prints it", async () => {
    const { fake, user, section } = await openStoreQr();
    expect(within(section).getByRole('heading', { name: '店頭QRコード' })).toBeTruthy();
    const image = await within(section).findByRole('img', { name: '店頭QRコード' });
    expect(image.getAttribute('data-token')).toBe(fakeStoreQr().qr);
    expect(fake.inputsOf('storeQr')).toEqual([{}]);
    expect(within(section).getByTestId('store-qr-shop').textContent).toBe('熊谷うちわ商店');
    expect(within(section).getByTestId('store-qr-terminal').textContent).toBe('0001');
    expect(within(section).getByTestId('store-qr-purpose').textContent).toBe(
      'お客様がスマートフォンのアプリで読み取り、金額を入力して支払います。入金はこのレジの売上になり、店内のすべてのレジに入金通知が届きます。',
    );
    expect(within(section).queryByTestId('store-qr-offline')).toBeNull();

    await user.click(within(section).getByRole('button', { name: '印刷' }));
    expect(fake.inputsOf('printStoreQr')).toEqual([{}]);
    expect((await within(section).findByTestId('store-qr-print-result')).textContent).toBe('店頭QRコード：印刷中…');
    const job = fake.jobs[0]!;
    act(() => fake.updateJob({ ...job, state: 'failed', failure: 'paper_out', updatedAt: '2026-12-01T05:10:00.000Z' }));
    expect(within(section).getByTestId('store-qr-print-result').textContent).toBe('店頭QRコード：印刷できませんでした：用紙切れ');
    await user.click(within(section).getByRole('button', { name: '印刷' }));
    const again = fake.jobs[0]!;
    act(() => fake.updateJob({ ...again, state: 'printed', updatedAt: '2026-12-01T05:11:00.000Z' }));
    expect(within(section).getByTestId('store-qr-print-result').textContent).toBe('店頭QRコードを印刷しました');
  });

  it('R28: When a cashier opens 設定, then there is no 店頭QR tab and the store QR is never fetched', async () => {
    const { fake } = renderApp({ route: 'settings', status: { staff: fakeStaff('cashier') } });
    await screen.findByRole('tab', { name: '表示・操作' });
    expect(screen.queryByRole('tab', { name: '店頭QR' })).toBeNull();
    expect(screen.queryByRole('region', { name: '店頭QRコード' })).toBeNull();
    expect(fake.inputsOf('storeQr')).toEqual([]);
  });

  it('R28/R21: When the terminal is offline, then the section says plainly it needs the connection and shows the QR once the link is back', async () => {
    const { fake, section } = await openStoreQr('manager', { connectivity: 'offline' });
    expect(within(section).getByTestId('store-qr-offline').textContent).toBe('店頭QRコードの表示と印刷には通信が必要です。通信が戻ると、ここに表示します。');
    expect(within(section).queryByRole('img', { name: '店頭QRコード' })).toBeNull();
    expect((within(section).getByRole('button', { name: '印刷' }) as HTMLButtonElement).disabled).toBe(true);
    expect(fake.inputsOf('storeQr')).toEqual([]);

    act(() => fake.setStatus({ connectivity: 'online' }));
    expect(await within(section).findByRole('img', { name: '店頭QRコード' })).toBeTruthy();
    expect(within(section).queryByTestId('store-qr-offline')).toBeNull();
    expect((within(section).getByRole('button', { name: '印刷' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('R28/R21: When the core refuses the store QR as online only, then the same plain sentence shows, not an error code', async () => {
    const { user } = renderApp({
      route: 'settings',
      status: { staff: fakeStaff('manager') },
      setup: (fake) => fake.handle('storeQr', () => failure('offline_refused', 'needs the backend', { reason: 'online_only' })),
    });
    await user.click(await screen.findByRole('tab', { name: '店頭QR' }));
    expect((await screen.findByTestId('store-qr-offline')).textContent).toContain('通信が必要です');
    expect(screen.queryByTestId('store-qr-error')).toBeNull();
    expect((screen.getByRole('button', { name: '印刷' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('R28/R29: When there is no receipt printer, then 印刷 says where to set one up', async () => {
    const { fake, user, section } = await openStoreQr();
    fake.handle('printStoreQr', () => failure('invalid_request', 'no printer', { reason: 'not_configured' }));
    await within(section).findByRole('img', { name: '店頭QRコード' });
    await user.click(within(section).getByRole('button', { name: '印刷' }));
    expect((await within(section).findByTestId('store-qr-print-error')).textContent).toContain('レシートプリンターが設定されていません。「プリンター」タブで設定してから印刷してください。');
  });

  it('R28: In English, the tab, heading and QR are named Store QR', async () => {
    const { user } = renderApp({ route: 'settings', language: 'en', status: { staff: fakeStaff('manager') } });
    await user.click(await screen.findByRole('tab', { name: 'Store QR' }));
    const section = await screen.findByRole('region', { name: 'Store QR code' });
    expect(await within(section).findByRole('img', { name: 'Store QR code' })).toBeTruthy();
    expect(within(section).getByRole('button', { name: 'Print' })).toBeTruthy();
  });
});
