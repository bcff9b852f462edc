/**
 * Who may do what: the one role table. The backend enforces it (the authority), the terminal
 * core checks it again so an offline step never lets the wrong role in, and the renderer only
 * offers what the core would allow. Each runtime keeps its own function names over this table.
 *
 * Sources: docs/api.md (admin staff: cashier pays; charger pays and charges; support
 * migrates and looks up cards; manager does everything at its merchant) and the rules cited per
 * row. Where both are silent the row says it is a project decision.
 */
import type { Role } from '../wire/admin';

export type Action =
  | 'pay'
  | 'charge'
  | 'cancel_payment'
  | 'cancel_charge'
  | 'migrate'
  | 'lookup'
  | 'report'
  | 'close_day'
  | 'sync'
  | 'configure'
  | 'print';

/** `alone`: the role does it by itself; `approval`: only with a manager's code and PIN (R31). */
export type Authority = 'alone' | 'approval' | 'never';

export const ROLE_TABLE: Readonly<Record<Action, Readonly<Record<Role, Authority>>>> = {
  // Contract: cashier, charger and manager pay; support does not sell.
  pay: { cashier: 'alone', charger: 'alone', support: 'never', manager: 'alone' },
  // R10: staff with a charging role (the terminal must also be a charge point's).
  charge: { cashier: 'never', charger: 'alone', support: 'never', manager: 'alone' },
  // R14, R31: a manager, or a cashier or charger with a manager's approval.
  cancel_payment: { cashier: 'approval', charger: 'approval', support: 'never', manager: 'alone' },
  // R14, R31: a manager, or a charger with a manager's approval.
  cancel_charge: { cashier: 'never', charger: 'approval', support: 'never', manager: 'alone' },
  // R19: support staff move a card's value (and the manager, who may do everything).
  migrate: { cashier: 'never', charger: 'never', support: 'alone', manager: 'alone' },
  // Project decision (no rule names it): 残高照会 is the counter's everyday question, so every
  // role may look a wallet up, app QR or card.
  lookup: { cashier: 'alone', charger: 'alone', support: 'alone', manager: 'alone' },
  // R25/R26: history, search and 点検 resets nothing, so anyone signed in may read them.
  report: { cashier: 'alone', charger: 'alone', support: 'alone', manager: 'alone' },
  // R26/R30 精算: the manager's; anyone else with a manager's approval (R31's check and
  // lock-out), as the backend decides. The terminal offers it to managers only (see
  // `terminalMay`).
  close_day: { cashier: 'approval', charger: 'approval', support: 'approval', manager: 'alone' },
  // R20: sending offline items now is the terminal's own chore; anyone signed in may ask.
  sync: { cashier: 'alone', charger: 'alone', support: 'alone', manager: 'alone' },
  // Project decision: where an enrolled terminal's money goes (backend URL) and its printer
  // settings are a supervisor's.
  configure: { cashier: 'never', charger: 'never', support: 'never', manager: 'alone' },
  // R29: whoever is at the counter hands the customer a slip, prints one again, looks at one.
  print: { cashier: 'alone', charger: 'alone', support: 'alone', manager: 'alone' },
};

export function authorityOf(role: Role, action: Action): Authority {
  return ROLE_TABLE[action][role];
}

/** Whether `role` may do `action` at all (alone or with a manager's approval). */
export function roleMay(role: Role, action: Action): boolean {
  return authorityOf(role, action) !== 'never';
}

/** R31: whether `role` may do `action` only with a manager's approval. */
export function needsApproval(role: Role, action: Action): boolean {
  return authorityOf(role, action) === 'approval';
}

/**
 * Actions whose terminal command carries a manager's approval (common/terminal-api.ts `cancel`
 * has `approval`; `dailyReport` has none). At the terminal, a step that would need an approval
 * the command cannot carry is not offered: 精算 stays the manager's there.
 */
const APPROVAL_AT_TERMINAL: ReadonlySet<Action> = new Set<Action>(['cancel_payment', 'cancel_charge']);

/** What the terminal core lets `role` do, and so what the renderer offers. */
export function terminalMay(role: Role, action: Action): boolean {
  const authority = authorityOf(role, action);
  return authority === 'alone' || (authority === 'approval' && APPROVAL_AT_TERMINAL.has(action));
}
