// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceView } from '../../../common/terminal-api';
import { fakeStaff } from '../../bridge/fake';
import { renderApp } from '../../test-support/render-app';

afterEach(cleanup);

const SERIAL_SCANNER: DeviceView = { id: 'com-scanner', kind: 'scanner', name: 'USB-COM scanner', transport: 'serial', state: 'connected', reason: null, encoding: 'auto' };
const CARD_READER: DeviceView = { id: 'pn532', kind: 'card_reader', name: 'PN532', transport: 'serial', state: 'connected', reason: null };

async function openDevicesTab(role: 'manager' | 'cashier') {
  const rendered = renderApp({ route: 'settings', status: { staff: fakeStaff(role), devices: [SERIAL_SCANNER, CARD_READER] } });
  await rendered.user.click(await screen.findByTestId('settings-tab-devices'));
  return { ...rendered, panel: await screen.findByTestId('settings-devices') };
}

describe('設定 → 機器: scanner text encoding (issue 12)', () => {
  it('When a manager picks Shift_JIS for a scanner, then the core is asked for exactly that; a card reader has no such choice', async () => {
    const { fake, user, panel } = await openDevicesTab('manager');
    const selects = within(panel).getAllByTestId('device-encoding') as HTMLSelectElement[];
    expect(selects).toHaveLength(1);
    expect(selects[0]!.value).toBe('auto');
    expect([...selects[0]!.options].map((o) => o.textContent)).toEqual(['UTF-8', 'Shift_JIS', '自動']);
    await user.selectOptions(selects[0]!, 'shift_jis');
    expect(fake.inputsOf('setDeviceEncoding')).toEqual([{ deviceId: 'com-scanner', encoding: 'shift_jis' }]);
    // The new status shows what the core kept.
    expect(((await within(panel).findByDisplayValue('Shift_JIS')) as HTMLSelectElement).dataset.testid).toBe('device-encoding');
  });

  it('When a cashier opens the tab, then the encodings are shown but cannot be changed', async () => {
    const { panel } = await openDevicesTab('cashier');
    expect((within(panel).getByTestId('device-encoding') as HTMLSelectElement).disabled).toBe(true);
    expect((within(panel).getByTestId('wedge-encoding') as HTMLSelectElement).disabled).toBe(true);
  });

  it('When the wedge scanner is set to Shift_JIS, then an Alt-mode あ typed on the screen reads as あ in the test area', async () => {
    const { user, panel, services } = await openDevicesTab('manager');
    await user.selectOptions(within(panel).getByTestId('wedge-encoding'), 'shift_jis');
    expect(services.preferences.get().wedgeEncoding).toBe('shift_jis');
    // Keys typed into the select would be the select's; the scan goes to the screen.
    await user.click(screen.getByTestId('test-scan-area'));
    // A keyboard-mode scanner: "KP1" then あ (Shift_JIS 0x82A0 = 33440) in Alt mode, then Enter.
    await user.keyboard('KP1{Alt>}[Numpad3][Numpad3][Numpad4][Numpad4][Numpad0]{/Alt}{Enter}');
    expect((await screen.findByTestId('test-scan-last')).textContent).toContain('KP1あ');
  });

  it('When a serial scanner reads a multi-line code, then the test area shows it and nothing breaks', async () => {
    const { fake } = await openDevicesTab('manager');
    act(() => fake.emit({ type: 'scan', text: 'BEGIN:VCARD\r\nFN:熊谷 太郎\r\nEND:VCARD', source: 'com-scanner', at: '2024-06-01T01:00:00.000Z' }));
    const last = await screen.findByTestId('test-scan-last');
    expect(last.textContent).toContain('FN:熊谷 太郎');
    expect(last.textContent).toContain('END:VCARD');
  });
});
