// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PRINTER_SETTINGS } from '../../../common/receipts/printer-settings';
import { LIMITS } from '../../../common/limits';
import { fakeStaff } from '../../bridge/fake';
import { renderApp } from '../../test-support/render-app';

afterEach(cleanup);

function renderPrinterSettings(role: 'manager' | 'cashier' = 'manager') {
  const rendered = renderApp({ route: 'settings', status: { staff: fakeStaff(role), printer: { state: 'ready', paperNearEnd: true, checkedAt: '2026-12-01T05:05:00.000Z' } } });
  rendered.fake.printer = {
    settings: { ...DEFAULT_PRINTER_SETTINGS, connection: { type: 'tcp', host: '192.168.1.50', port: 9_100 }, headerLines: ['熊谷うちわ商店'] },
    status: { state: 'ready', paperNearEnd: true, checkedAt: '2026-12-01T05:00:00.000Z' },
  };
  return rendered;
}

describe('設定 → プリンター (R29)', () => {
  it('R29: When a manager changes the printer and saves, then a settings object the schema accepts is sent, and テスト印刷 reports its job', async () => {
    const { fake, user } = renderPrinterSettings();
    await user.click(await screen.findByTestId('settings-tab-printer'));
    const section = await screen.findByTestId('printer-settings');
    expect((await within(section).findByTestId('printer-connection-type') as HTMLSelectElement).value).toBe('tcp');
    expect((within(section).getByTestId('printer-host') as HTMLInputElement).value).toBe('192.168.1.50');
    expect(within(section).getByTestId('printer-status').textContent).toContain('正常（印刷できます）');
    expect(within(section).getByTestId('printer-status').textContent).toContain('用紙が残りわずかです');
    // Nothing changed yet: nothing to save, and the test slip prints as kept.
    expect((within(section).getByTestId('printer-save') as HTMLButtonElement).disabled).toBe(true);

    await user.selectOptions(within(section).getByTestId('printer-connection-type'), 'serial');
    await user.type(within(section).getByTestId('printer-path'), '/dev/ttyUSB0');
    await user.selectOptions(within(section).getByTestId('printer-baud'), '19200');
    await user.selectOptions(within(section).getByTestId('printer-command-set'), 'star');
    await user.selectOptions(within(section).getByTestId('printer-paper-width'), '58');
    await user.selectOptions(within(section).getByTestId('printer-customer-slip'), 'ask');
    await user.type(within(section).getByTestId('printer-footer-lines'), 'またのご来店を{Enter}お待ちしております{Enter}');
    // Unsaved changes would not be on a test slip.
    expect((within(section).getByTestId('printer-test') as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(section).getByTestId('printer-save'));

    expect(fake.inputsOf('setPrinter')).toEqual([
      {
        settings: {
          connection: { type: 'serial', path: '/dev/ttyUSB0', baudRate: 19_200 },
          commandSet: 'star',
          paperWidthMm: 58,
          customerSlip: 'ask',
          headerLines: ['熊谷うちわ商店'],
          footerLines: ['またのご来店を', 'お待ちしております'],
        },
      },
    ]);
    expect((await within(section).findByTestId('printer-saved')).textContent).toBe('保存しました');

    await user.click(within(section).getByTestId('printer-test'));
    expect(fake.inputsOf('testPrint')).toEqual([{}]);
    const result = await within(section).findByTestId('printer-test-result');
    expect(result.textContent).toBe('テスト印刷：印刷中…');
    const job = fake.jobs[0]!;
    act(() => fake.updateJob({ ...job, state: 'failed', failure: 'paper_out', updatedAt: '2026-12-01T05:10:00.000Z' }));
    expect(within(section).getByTestId('printer-test-result').textContent).toBe('テスト印刷：印刷できませんでした：用紙切れ');
    act(() => fake.setStatus({ printer: { state: 'paper_out', paperNearEnd: false, checkedAt: '2026-12-01T05:10:00.000Z' } }));
    expect(within(section).getByTestId('printer-status').getAttribute('data-state')).toBe('paper_out');
  });

  it('R29: When a header line is longer than a line of paper or a port is not a number, then the field says so and nothing is sent', async () => {
    const { fake, user } = renderPrinterSettings();
    await user.click(await screen.findByTestId('settings-tab-printer'));
    const section = await screen.findByTestId('printer-settings');
    const header = await within(section).findByTestId('printer-header-lines');
    await user.type(header, `{Enter}${'あ'.repeat(LIMITS.shopLineCharsMax + 1)}`);
    const port = within(section).getByTestId('printer-port');
    await user.clear(port);
    await user.type(port, '91x0');
    await user.click(within(section).getByTestId('printer-save'));
    expect(within(section).getByTestId('printer-error-headerLines').textContent).toBe(`2行目が${LIMITS.shopLineCharsMax}文字を超えています`);
    expect(within(section).getByTestId('printer-error-port').textContent).toBe('1〜65535 の数字');
    expect(header.getAttribute('aria-invalid')).toBe('true');
    expect(fake.inputsOf('setPrinter')).toEqual([]);
  });

  it('R29: When a cashier opens Settings, then there is no printer tab and the printer settings are nowhere', async () => {
    const { fake } = renderPrinterSettings('cashier');
    // Even asked for by address, before the status arrives.
    window.location.hash = '#/settings/printer';
    await screen.findByTestId('screen-settings');
    expect(screen.queryByTestId('settings-tab-printer')).toBeNull();
    expect(screen.queryByTestId('printer-settings')).toBeNull();
    expect(screen.getByTestId('settings-tab-display').getAttribute('aria-selected')).toBe('true');
    expect(fake.inputsOf('getPrinter')).toEqual([]);
  });

  it('R29: When Settings is opened at #/settings/printer by a manager, then the printer tab is the one shown', async () => {
    const { fake } = renderApp({ route: 'settings', status: { staff: fakeStaff('manager') } });
    // Before the status arrives (the screen reads the hash when it first draws).
    window.location.hash = '#/settings/printer';
    expect(await screen.findByTestId('printer-settings')).toBeTruthy();
    expect(fake.inputsOf('getPrinter')).toEqual([{}]);
  });
});
