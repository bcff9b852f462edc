import { describe, expect, it } from 'vitest';
import { parseTerminalEvent } from './validate';

const REQUEST = {
  requestId: 'mpm-1',
  clientTxnId: 'c-1',
  shortNo: null,
  qr: 'KPM1.k1.d.mpm-1.m.y2n.abc.def.sig',
  expiresAt: '2024-06-01T01:05:00.000Z',
  amountYen: 1_234,
  points: null,
  status: 'paid',
  payment: null,
  spend: null,
  watching: false,
};

describe('events from either host (R28)', () => {
  it('R28: When a host sends an MPM request update or notices, then the renderer takes them; a malformed one is dropped, not shown', () => {
    expect(parseTerminalEvent({ type: 'mpm_request', request: REQUEST })).toEqual({ type: 'mpm_request', request: REQUEST });
    expect(parseTerminalEvent({ type: 'mpm_request', request: { ...REQUEST, status: 'maybe' } })).toBeNull();
    const notice = { seq: 3, source: 'static', amountYen: 500, points: null, occurredAt: '2024-06-01T01:00:00.000Z', ownRegister: true };
    expect(parseTerminalEvent({ type: 'mpm_notices', notices: [notice] })).toEqual({ type: 'mpm_notices', notices: [notice] });
    expect(parseTerminalEvent({ type: 'mpm_notices', notices: [{ ...notice, amountYen: '500' }] })).toBeNull();
    expect(parseTerminalEvent({ type: 'customer_display', view: { screen: 'mpm_paid', amountYen: 500, balanceAfterYen: null } })).not.toBeNull();
    expect(parseTerminalEvent({ type: 'customer_display', view: { screen: 'points_spent', points: 'x' } })).toBeNull();
  });
});
