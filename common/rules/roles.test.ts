import { describe, expect, it } from 'vitest';
import type { Role } from '../wire/admin';
import { authorityOf, needsApproval, ROLE_TABLE, roleMay, terminalMay, type Action, type Authority } from './roles';

const ROLES: readonly Role[] = ['cashier', 'charger', 'support', 'manager'];

/** The table as the contract and the rules state it, written out once more by hand. */
const EXPECTED: Record<Action, [cashier: Authority, charger: Authority, support: Authority, manager: Authority]> = {
  pay: ['alone', 'alone', 'never', 'alone'],
  charge: ['never', 'alone', 'never', 'alone'], // R10
  cancel_payment: ['approval', 'approval', 'never', 'alone'], // R14, R31
  cancel_charge: ['never', 'approval', 'never', 'alone'], // R14, R31
  migrate: ['never', 'never', 'alone', 'alone'], // R19
  lookup: ['alone', 'alone', 'alone', 'alone'],
  report: ['alone', 'alone', 'alone', 'alone'], // R25, R26 点検
  close_day: ['approval', 'approval', 'approval', 'alone'], // R26/R30 精算, R31's approval
  sync: ['alone', 'alone', 'alone', 'alone'], // R20
  configure: ['never', 'never', 'never', 'alone'],
  print: ['alone', 'alone', 'alone', 'alone'], // R29
};

describe('the one role table (contract, R10, R14, R19, R26, R29–R31)', () => {
  it('When each role is looked up for each action, then the table says what the contract and rules say', () => {
    expect(Object.keys(ROLE_TABLE).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [action, row] of Object.entries(EXPECTED) as [Action, Authority[]][]) {
      ROLES.forEach((role, column) => expect(`${action}/${role}: ${authorityOf(role, action)}`).toBe(`${action}/${role}: ${row[column]}`));
    }
  });

  it('R10: When a cashier or support asks to charge, then no; a charger and a manager may', () => {
    expect(ROLES.filter((role) => roleMay(role, 'charge'))).toEqual(['charger', 'manager']);
  });

  it('R31: When a cashier or charger cancels a payment, or a charger a charge, then a manager must approve; a manager cancels alone', () => {
    expect(needsApproval('cashier', 'cancel_payment')).toBe(true);
    expect(needsApproval('charger', 'cancel_payment')).toBe(true);
    expect(needsApproval('charger', 'cancel_charge')).toBe(true);
    expect(needsApproval('manager', 'cancel_payment')).toBe(false);
    expect(needsApproval('manager', 'cancel_charge')).toBe(false);
    expect(roleMay('cashier', 'cancel_charge')).toBe(false);
    expect(roleMay('support', 'cancel_payment')).toBe(false);
  });

  it('When a cashier looks a wallet up (残高照会), then every role may, at the terminal too', () => {
    for (const role of ROLES) expect(terminalMay(role, 'lookup')).toBe(true);
  });

  it('R26/R31: When a non-manager wants 精算, then the backend would take it with an approval, but the terminal, whose command carries none, offers it to managers only', () => {
    expect(ROLES.filter((role) => roleMay(role, 'close_day'))).toEqual(ROLES);
    expect(ROLES.filter((role) => terminalMay(role, 'close_day'))).toEqual(['manager']);
  });

  it('When a step needs an approval the terminal command can carry (cancel), then the terminal allows it', () => {
    expect(terminalMay('cashier', 'cancel_payment')).toBe(true);
    expect(terminalMay('charger', 'cancel_charge')).toBe(true);
  });

  it('When the terminal allows a step, then the backend allows it too (the terminal never offers what would be refused)', () => {
    for (const action of Object.keys(ROLE_TABLE) as Action[]) {
      for (const role of ROLES) if (terminalMay(role, action)) expect(`${action}/${role}: ${roleMay(role, action)}`).toBe(`${action}/${role}: true`);
    }
  });
});
