// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationView } from '../../common/terminal-api';
import { fakeStaff, fakeStatus } from '../bridge/fake';
import { renderApp } from '../test-support/render-app';
import { REJECTION_CODES } from './sync/rejection-reasons';

afterEach(cleanup);

const SHORTFALL: NotificationView = {
  id: 'n-1',
  kind: 'offline_shortfall',
  createdAt: '2024-06-01T03:00:00.000Z',
  clientTxnId: 'c-1',
  amountYen: 1_200,
  message: 'wallet could not cover the offline payment',
  acknowledged: false,
};

function rejected(reasonCode: string | null, overrides: Partial<NotificationView> = {}): NotificationView {
  return {
    id: `offline_rejected:${reasonCode ?? 'none'}`,
    kind: 'offline_rejected',
    createdAt: '2026-12-01T06:00:00.000Z',
    clientTxnId: 'c-9',
    amountYen: 1_234,
    // What the core writes for logs and for renderers that predate the structured fields.
    message: `Offline payment of ¥1,234 at 2026-12-01T05:05:00.000Z was rejected by the backend (${reasonCode}).`,
    acknowledged: false,
    occurredAt: '2026-12-01T05:05:00.000Z',
    reasonCode,
    ...overrides,
  };
}

describe('sync status (R20)', () => {
  it('When offline items wait, then their count, yen and the time left before the deadline are shown', async () => {
    const deadlineAt = new Date(Date.now() + 5 * 60 * 60 * 1000 + 30_000).toISOString();
    const queue = { ...fakeStatus().queue, pendingCount: 3, pendingYen: 4_200, deadlineAt };
    renderApp({ route: 'sync', status: { staff: fakeStaff('cashier'), queue } });
    expect((await screen.findByTestId('sync-pending')).textContent).toBe('3件 / ¥4,200');
    expect(screen.getByTestId('sync-deadline').textContent).toMatch(/送信期限まで5:00:(2\d|30)/);
    expect(screen.getByTestId('header-pending').textContent).toBe('未送信 3件');
  });

  it('When the deadline has passed, then the screen says offline approval has stopped', async () => {
    const queue = { ...fakeStatus().queue, pendingCount: 1, pendingYen: 500, deadlineAt: new Date(Date.now() - 1_000).toISOString() };
    renderApp({ route: 'sync', status: { staff: fakeStaff('cashier'), queue } });
    expect((await screen.findByTestId('sync-deadline')).getAttribute('data-state')).toBe('passed');
  });

  it('When a shortfall notice is acknowledged, then the core is told and the notice shows as seen', async () => {
    const { fake, user } = renderApp({ route: 'sync', status: { staff: fakeStaff('cashier'), notifications: [SHORTFALL] } });
    fake.handle('acknowledge', (input) => {
      fake.status = { ...fake.status, notifications: [{ ...SHORTFALL, acknowledged: true }] };
      return input.notificationId === 'n-1' ? { ok: true } : { ok: false, code: 'not_found', message: 'no', details: {} };
    });
    const notice = await screen.findByTestId('notification');
    expect(notice.textContent).toContain('残高不足分が未払いになりました · ¥1,200');
    await user.click(within(notice).getByTestId('notification-acknowledge'));
    expect(await screen.findByText('確認済み')).toBeTruthy();
    expect(fake.inputsOf('acknowledge')).toEqual([{ notificationId: 'n-1' }]);
  });

  it('When many notices wait, then they are all listed inside their own scrolling box, after the figures and 今すぐ送信 (the page itself fits 1024×768)', async () => {
    const notices = Array.from({ length: 12 }, (_, index) => ({ ...SHORTFALL, id: `n-${index}` }));
    renderApp({ route: 'sync', status: { staff: fakeStaff('cashier'), notifications: notices } });
    const items = await screen.findAllByTestId('notification');
    expect(items).toHaveLength(12);
    const box = items[0]?.closest('.sync-notices-scroll');
    expect(box).not.toBeNull();
    for (const item of items) expect(box?.contains(item)).toBe(true);
    // The figures and the send button come before the box, outside it: they never scroll away.
    const sendNow = screen.getByTestId('sync-now');
    expect(box?.contains(sendNow)).toBe(false);
    expect(box?.contains(screen.getByTestId('sync-pending'))).toBe(false);
    expect(sendNow.compareDocumentPosition(box as Node) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('When "send now" is pressed, then the result counts are shown', async () => {
    const { fake, user } = renderApp({ route: 'sync', status: { staff: fakeStaff('cashier') } });
    fake.handle('syncNow', () => ({ ok: true, sent: 3, applied: 2, rejected: 1 }));
    await user.click(await screen.findByTestId('sync-now'));
    expect((await screen.findByTestId('sync-result')).textContent).toBe('送信 3件 / 反映 2件 / 拒否 1件');
  });

  it('When an offline item was rejected, then the cashier reads when (JST), how much, why in plain Japanese and what to do, and no code', async () => {
    renderApp({ route: 'sync', status: { staff: fakeStaff('cashier'), notifications: [rejected('card_migrated')] } });
    const text = (await screen.findByTestId('notification')).textContent ?? '';
    expect(text).toContain('2026/12/01 14:05');
    expect(text).toContain('¥1,234');
    expect(text).toContain('アプリに移行済み');
    expect(text).toContain('お客様');
    expect(text).not.toMatch(/[a-z]{3,}_[a-z_]+|rejected|Offline|UTC|T05:05/);
  });

  it.each([...REJECTION_CODES, 'something_new', null])('When an item was rejected for %s, then the Japanese notice has a reason and a next step, and no raw code', async (reasonCode) => {
    renderApp({ route: 'sync', status: { staff: fakeStaff('cashier'), notifications: [rejected(reasonCode)] } });
    const notice = await screen.findByTestId('notification');
    expect(within(notice).getByTestId('notification-reason').textContent).toMatch(/[ぁ-んァ-ン一-龥]/);
    expect(within(notice).getByTestId('notification-action').textContent).toMatch(/お客様|サポート/);
    expect(notice.textContent).not.toMatch(/[a-z]{3,}_[a-z_]+/);
  });

  it('When the terminal-side limits caused the rejection, then the cashier is told to call support', async () => {
    renderApp({ route: 'sync', status: { staff: fakeStaff('cashier'), notifications: [rejected('offline_limit_exceeded')] } });
    expect((await screen.findByTestId('notification-action')).textContent).toContain('サポート');
  });

  it('When English is chosen, then the same notice reads in English with the same JST time and amount', async () => {
    renderApp({ route: 'sync', language: 'en', status: { staff: fakeStaff('cashier'), notifications: [rejected('token_used')] } });
    const text = (await screen.findByTestId('notification')).textContent ?? '';
    expect(text).toContain('2026/12/01 14:05');
    expect(text).toContain('¥1,234');
    expect(text).toMatch(/already (been )?used/);
    expect(text).toMatch(/collect/i);
    expect(text).not.toContain('token_used');
  });

  it('When a notice predates the structured fields, then its stored message is shown as before', async () => {
    renderApp({ route: 'sync', status: { staff: fakeStaff('cashier'), notifications: [SHORTFALL] } });
    expect((await screen.findByTestId('notification')).textContent).toContain('wallet could not cover the offline payment');
  });
});
