import { describe, expect, it } from 'vitest';
import type { HistoryLine } from '../../common/terminal-api';
import { cancelAuthority, cancelBlock, needsApproval } from './cancel-rules';

const NOW = Date.parse('2026-12-01T05:00:00.000Z');
const payment: HistoryLine = { id: 'p', clientTxnId: null, type: 'payment', occurredAt: '2026-12-01T04:00:00.000Z', amountYen: 100, bonusYen: 0, offline: false, state: 'synced', cancelled: false, allocations: [] };

describe('cancel rules (R14, R17, R31)', () => {
  it('When the role is a manager, then both types are cancelled without approval', () => {
    expect(cancelAuthority('manager', 'payment')).toBe('self');
    expect(cancelAuthority('manager', 'charge')).toBe('self');
  });

  it('When a cashier or charger cancels a payment, or a charger a charge, then a manager must approve (R31)', () => {
    expect(needsApproval('cashier', 'payment')).toBe(true);
    expect(needsApproval('charger', 'payment')).toBe(true);
    expect(needsApproval('charger', 'charge')).toBe(true);
  });

  it('When a cashier opens a charge, or support anything, then cancel is not theirs at all', () => {
    expect(cancelBlock({ ...payment, type: 'charge' }, 'cashier', 'online', NOW)).toBe('role');
    expect(cancelBlock(payment, 'support', 'online', NOW)).toBe('role');
  });

  it('When a search line says it is past its window, then it is blocked even if the clock says otherwise', () => {
    expect(cancelBlock({ ...payment, terminalNo: 2, terminalName: null, own: false, cancellable: false } as HistoryLine, 'manager', 'online', NOW)).toBe('window');
    expect(cancelBlock(payment, 'manager', 'online', NOW)).toBeNull();
    expect(cancelBlock(payment, 'manager', 'offline', NOW)).toBe('offline');
    expect(cancelBlock({ ...payment, cancelled: true }, 'manager', 'online', NOW)).toBe('cancelled');
  });
});
