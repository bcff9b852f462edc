// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppRoot } from '../app/AppRoot';
import { createPreferencesStore } from '../hooks/preferences';
import { createStatusStore } from '../hooks/status-store';
import { createManualTimers } from '../hooks/timers';
import { createFakeTerminal, fakePrintJob } from '../bridge/fake';
import { createI18n } from '../i18n/create-i18n';
import { installBlobUrls, type BlobUrls } from '../test-support/blob-urls';
import { PrinterSimPanel } from './PrinterSimPanel';
import { RENDERER_LIMITS } from '../limits';
import type { PrinterSimState } from './sim-client';

let blobUrls: BlobUrls;
beforeEach(() => {
  blobUrls = installBlobUrls();
});
afterEach(() => {
  cleanup();
  blobUrls.restore();
  vi.unstubAllGlobals();
});

/** The browser host's printer simulator endpoints, as far as the panel uses them. */
function fakeSimHost() {
  const requests: Array<{ action: string; body: unknown }> = [];
  let state: PrinterSimState = { paperOut: false, coverOpen: false, offline: false, paperNearEnd: false };
  const fetchImpl = async (url: string, init: RequestInit) => {
    const action = url.replace(/^.*\/api\/sim\//, '');
    const body: unknown = JSON.parse(String(init.body));
    requests.push({ action, body });
    if (action === 'printer-state') state = body as PrinterSimState;
    const answer = action === 'printer-last' ? { count: 2, lines: ['熊谷うちわ商店', 'お客様控え', '¥1,200'], svg: '<svg xmlns="http://www.w3.org/2000/svg"/>', state } : { ok: true };
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  vi.stubGlobal('fetch', fetchImpl);
  return { requests, lastCount: () => requests.filter((r) => r.action === 'printer-last').length };
}

function renderPanel() {
  const fake = createFakeTerminal();
  const timers = createManualTimers();
  const onAnswer = vi.fn();
  render(
    <AppRoot services={{ api: fake.api, statusStore: createStatusStore(fake.api), preferences: createPreferencesStore(null), i18n: createI18n('ja'), timers }}>
      <PrinterSimPanel host={{ origin: 'http://127.0.0.1:1', secret: 's' }} onAnswer={onAnswer} />
    </AppRoot>,
  );
  return { fake, timers, onAnswer };
}

describe('demo printer simulator panel (R29)', () => {
  it('R29: When the simulator has printed, then its last slip shows as an image and as text; 用紙切れ puts the printer out of paper', async () => {
    const host = fakeSimHost();
    const { onAnswer } = renderPanel();
    const image = await screen.findByTestId('sim-printer-last');
    expect(image.getAttribute('src')?.startsWith('blob:')).toBe(true);
    expect(screen.getByTestId('sim-printer-lines').textContent).toBe('熊谷うちわ商店\nお客様控え\n¥1,200');
    expect(screen.getByTestId('sim-printer-state-normal').getAttribute('aria-pressed')).toBe('true');

    await userEvent.setup({ delay: null }).click(screen.getByTestId('sim-printer-state-paper_out'));
    expect(host.requests.find((r) => r.action === 'printer-state')?.body).toEqual({ paperOut: true, coverOpen: false, offline: false, paperNearEnd: false });
    await waitFor(() => expect(screen.getByTestId('sim-printer-state-paper_out').getAttribute('aria-pressed')).toBe('true'));
    expect(onAnswer).toHaveBeenCalledWith('printer-state', { ok: true, body: { ok: true } });
  });

  it('R29: When a print job ends or the poll comes due, then the last slip is asked for again, one request at a time', async () => {
    const host = fakeSimHost();
    const { fake, timers } = renderPanel();
    await screen.findByTestId('sim-printer-last');
    await waitFor(() => expect(timers.pending()).toBe(1));
    expect(host.lastCount()).toBe(1);

    act(() => fake.updateJob(fakePrintJob({ slipId: 's', state: 'printing' })));
    expect(host.lastCount()).toBe(1);
    act(() => fake.updateJob(fakePrintJob({ slipId: 's', state: 'printed', updatedAt: '2024-06-01T01:00:05.000Z' })));
    await waitFor(() => expect(host.lastCount()).toBe(2));

    act(() => timers.advance(RENDERER_LIMITS.demoPrinterPollMs));
    await waitFor(() => expect(host.lastCount()).toBe(3));
    // The next poll is scheduled only after this one answered: never more than one waiting.
    await waitFor(() => expect(timers.pending()).toBe(1));
  });
});
