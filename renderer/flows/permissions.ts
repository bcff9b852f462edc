/**
 * What each staff role may do, for showing and hiding controls: what the terminal core allows
 * (common/rules/roles.ts `terminalMay`), so a control is offered exactly when the core would
 * accept the command. The core and the backend enforce it; the UI only avoids offering what
 * would be refused.
 */
import { terminalMay, type Action } from '../../common/rules/roles';
import type { TerminalStatus } from '../../common/terminal-api';
import type { Role } from '../../common/wire/admin';

export type Capability =
  | 'pay'
  /** R23 クマポ利用: who may take a payment, at a KumaPo store. */
  | 'points'
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
  | 'printerSettings'
  | 'deviceSettings'
  /** R28 店頭QRコード: the register's printed store QR (設定 → 店頭QR). */
  | 'storeQr';

/** The core command's action behind each control; `signedIn`: anyone signed in (reading settings). */
export const CAPABILITY_ACTION: Readonly<Record<Capability, Action | 'signedIn'>> = {
  pay: 'pay',
  points: 'pay',
  charge: 'charge',
  migrate: 'migrate',
  lookup: 'lookup',
  history: 'report',
  cancelPayment: 'cancel_payment',
  cancelCharge: 'cancel_charge',
  dailyCheck: 'report',
  dailyClose: 'close_day',
  sync: 'sync',
  settings: 'signedIn',
  editBackendUrl: 'configure',
  // R29: the receipt printer's connection, copies and shop lines (設定 → プリンター).
  printerSettings: 'configure',
  // Issue 12: a scanner's text encoding (設定 → 機器).
  deviceSettings: 'configure',
  // R28: which QR is posted at which counter decides whose day a payment counts in: a manager's.
  storeQr: 'configure',
};

export function roleCan(role: Role, capability: Capability): boolean {
  const action = CAPABILITY_ACTION[capability];
  return action === 'signedIn' || terminalMay(role, action);
}

/** R10: charging also needs a charge-point merchant. */
export function staffCan(status: TerminalStatus, capability: Capability): boolean {
  const role = status.staff?.role;
  if (!role || !roleCan(role, capability)) return false;
  if (capability === 'charge') return status.chargePoint;
  // R23: points are spent only at a KumaPo store.
  if (capability === 'points') return status.kumapoStore === true;
  return true;
}
