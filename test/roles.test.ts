/**
 * The one role table seen from its three users: the renderer offers a control exactly when the
 * terminal core would take the command behind it, and the core never takes a step the backend
 * would refuse.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../common/rules/roles';
import type { Role } from '../common/wire/admin';
import { mayDo } from '../backend/src/domain/roles';
import { coreRoleMay } from '../electron/core/testing/index';
import { CAPABILITY_ACTION, roleCan, type Capability } from '../renderer/flows/permissions';

const ROLES: readonly Role[] = ['cashier', 'charger', 'support', 'manager'];
const CORE_ACTIONS: readonly Action[] = ['pay', 'charge', 'cancel_payment', 'cancel_charge', 'migrate', 'lookup', 'report', 'close_day', 'sync', 'configure', 'print'];

const offeredTo = (capability: Capability) => ROLES.filter((role) => roleCan(role, capability));

describe('roles across backend, core and renderer', () => {
  it('When a role signs in, then the renderer offers each control exactly when the core allows the command behind it', () => {
    for (const role of ROLES) {
      for (const [capability, action] of Object.entries(CAPABILITY_ACTION) as [Capability, Action | 'signedIn'][]) {
        const coreAllows = action === 'signedIn' || coreRoleMay(role, action);
        expect(`${role} ${capability}: ${roleCan(role, capability)}`).toBe(`${role} ${capability}: ${coreAllows}`);
      }
    }
  });

  it('When a cashier signs in, then 残高照会 is offered, because the core and the backend allow it', () => {
    expect(coreRoleMay('cashier', 'lookup')).toBe(true);
    expect(mayDo('cashier', 'lookup')).toBe(true);
    expect(offeredTo('lookup')).toEqual(ROLES);
  });

  it('R10/R31/R26: When controls are offered, then charging, cancelling, 精算 and the backend URL go to the roles the rules name', () => {
    expect(offeredTo('charge')).toEqual(['charger', 'manager']);
    expect(offeredTo('cancelPayment')).toEqual(['cashier', 'charger', 'manager']);
    expect(offeredTo('cancelCharge')).toEqual(['charger', 'manager']);
    expect(offeredTo('migrate')).toEqual(['support', 'manager']);
    expect(offeredTo('dailyClose')).toEqual(['manager']);
    expect(offeredTo('editBackendUrl')).toEqual(['manager']);
    expect(offeredTo('dailyCheck')).toEqual(ROLES);
  });

  it('When the core allows a step, then the backend allows it too', () => {
    for (const role of ROLES) {
      for (const action of CORE_ACTIONS) if (coreRoleMay(role, action)) expect(`${role} ${action}: ${mayDo(role, action)}`).toBe(`${role} ${action}: true`);
    }
  });
});
