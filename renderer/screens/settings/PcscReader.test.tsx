// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceView } from '../../../common/terminal-api';
import { fakeStaff } from '../../bridge/fake';
import { renderApp } from '../../test-support/render-app';

afterEach(cleanup);

const PASORI: DeviceView = { id: 'pcsc-Sony_FeliCa_Port_PaSoRi_4.0_slot_00', kind: 'card_reader', name: 'Sony FeliCa Port/PaSoRi 4.0 slot 00', transport: 'pcsc', deviceClass: 'pcsc_reader', state: 'connected', reason: null };

describe('設定 → 機器: a PC/SC card reader (issue 12)', () => {
  it('When a PaSoRi is connected, then the device list names it a PC/SC IC card reader, and a tap in the test area says which reader read it', async () => {
    const { fake, user } = renderApp({ route: 'settings', status: { staff: fakeStaff('manager'), devices: [PASORI] } });
    await user.click(await screen.findByTestId('settings-tab-devices'));
    const panel = await screen.findByTestId('settings-devices');
    expect(within(panel).getByTestId('device-class').textContent).toBe('ICカードリーダー（PC/SC：PaSoRi・ACR122U など）');
    act(() => fake.emit({ type: 'card', uid: '012E4CD28B11620A', technology: 'felica', source: PASORI.id, at: '2026-12-01T01:00:00.000Z' }));
    const last = await screen.findByTestId('test-scan-last');
    expect(last.textContent).toContain('012E4CD28B11620A');
    expect(last.textContent).toContain('Sony FeliCa Port/PaSoRi 4.0 slot 00（PC/SC）');
    expect(last.textContent).toContain('カード（ICチップ）');
  });

  it('When devices are listed and a card is tested, then the connection and the card type are words (PC/SC, シミュレーター, FeliCa), never raw codes', async () => {
    const simulated: DeviceView = { id: 'demo-card-reader', kind: 'card_reader', name: 'デモ用カードリーダー', transport: 'simulator', state: 'connected', reason: null };
    const { fake, user } = renderApp({ route: 'settings', status: { staff: fakeStaff('manager'), devices: [PASORI, simulated] } });
    await user.click(await screen.findByTestId('settings-tab-devices'));
    const panel = await screen.findByTestId('settings-devices');
    expect(within(panel).getAllByTestId('device-transport').map((el) => el.textContent)).toEqual(['（PC/SC）', '（シミュレーター）']);
    expect(panel.textContent).not.toMatch(/\((pcsc|simulator)\)/);
    act(() => fake.emit({ type: 'card', uid: '012E4CD28B11620A', technology: 'felica', source: PASORI.id, at: '2026-12-01T01:00:00.000Z' }));
    const last = await screen.findByTestId('test-scan-last');
    expect(last.textContent).toContain('カード UID 012E4CD28B11620A（FeliCa）');
    act(() => fake.emit({ type: 'card', uid: '04C0FFEE123456', technology: 'iso14443a', source: PASORI.id, at: '2026-12-01T01:00:05.000Z' }));
    await screen.findByText(/04C0FFEE123456（Type A）/);
    expect(last.textContent ?? '').not.toContain('iso14443a');
  });
});
