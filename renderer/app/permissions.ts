/**
 * What each staff role may do, for showing and hiding controls. The core and the backend
 * enforce the same table; the UI only avoids offering what would be refused.
 *
 * From api-contract.md: cashier pays; charger pays and charges; support migrates and looks up
 * cards; manager does everything. Cancel: payments by manager or cashier, charges by manager or
 * charger (R14). Project decisions where the contract is silent: every role sees history, the
 * sync screen, settings and the 点検 report. 精算 (R26) is the manager's, as the core decides
 * (electron/core/roles.ts close_day).
 */
import type { TerminalStatus } from '../../common/terminal-api';
import type { Role } from '../../common/wire/admin';

export type Capability =
  | 'pay'
  | 'charge'
  | 'migrate'
  | 'lookup'
  | 'history'
  | 'cancelPayment'
  | 'cancelCharge'
  | 'dailyCheck'
  | 'dailyClose'
  | 'sync'
  | 'settings'
  | 'editBackendUrl'
  | 'printerSettings';

const EVERYONE: readonly Capability[] = ['history', 'dailyCheck', 'sync', 'settings'];

const CAPABILITIES: Readonly<Record<Role, ReadonlySet<Capability>>> = {
  // 残高照会 of an app QR is the counter's everyday question ("how much can I use here?"); the
  // backend allows every role to look up (a card look-up stays support's and charge staff's).
  cashier: new Set<Capability>([...EVERYONE, 'pay', 'lookup', 'cancelPayment']),
  charger: new Set<Capability>([...EVERYONE, 'pay', 'charge', 'lookup', 'cancelCharge']),
  support: new Set<Capability>([...EVERYONE, 'migrate', 'lookup']),
  manager: new Set<Capability>([
    ...EVERYONE,
    'pay',
    'charge',
    'migrate',
    'lookup',
    'cancelPayment',
    'cancelCharge',
    'dailyClose',
    'editBackendUrl',
    // R29: the receipt printer's connection, copies and shop lines (設定 → プリンター).
    'printerSettings',
  ]),
};

export function roleCan(role: Role, capability: Capability): boolean {
  return CAPABILITIES[role].has(capability);
}

/** R10: charging also needs a charge-point merchant. */
export function staffCan(status: TerminalStatus, capability: Capability): boolean {
  const role = status.staff?.role;
  if (!role || !roleCan(role, capability)) return false;
  if (capability === 'charge') return status.chargePoint;
  return true;
}
