/**
 * Demo mode's network switch: a Backend that forwards to the real one while the link is up and
 * answers every call with "connection refused" while it is down, exactly what a pulled cable
 * looks like to the core. (Requests already in flight when it is cut finish normally.)
 */
import type { Backend, BackendOutcome } from '../core/index';

const CUT: BackendOutcome<never> = { kind: 'not_sent', reason: 'ECONNREFUSED (demo: network switched off)' };

export interface LinkSwitch {
  backend: Backend;
  setOnline(online: boolean): void;
  readonly online: boolean;
}

export function createLinkSwitch(inner: Backend): LinkSwitch {
  let online = true;
  const gate = <A extends unknown[], T>(call: (...args: A) => Promise<BackendOutcome<T>>) =>
    (...args: A): Promise<BackendOutcome<T>> => (online ? call(...args) : Promise.resolve(CUT));
  const backend: Backend = {
    setBaseUrl: (url) => inner.setBaseUrl(url),
    health: gate(() => inner.health()),
    livez: gate(() => inner.livez()),
    enroll: gate((code: string) => inner.enroll(code)),
    openStaffSession: gate((token: string, request: Parameters<Backend['openStaffSession']>[1]) => inner.openStaffSession(token, request)),
    keys: gate((token: string) => inner.keys(token)),
    blockedCards: gate((token: string, query: Parameters<Backend['blockedCards']>[1]) => inner.blockedCards(token, query)),
    lookup: gate((auth: Parameters<Backend['lookup']>[0], request: Parameters<Backend['lookup']>[1]) => inner.lookup(auth, request)),
    pay: gate((auth: Parameters<Backend['pay']>[0], request: Parameters<Backend['pay']>[1]) => inner.pay(auth, request)),
    cancelPayment: gate((...args: Parameters<Backend['cancelPayment']>) => inner.cancelPayment(...args)),
    charge: gate((auth: Parameters<Backend['charge']>[0], request: Parameters<Backend['charge']>[1]) => inner.charge(auth, request)),
    cancelCharge: gate((...args: Parameters<Backend['cancelCharge']>) => inner.cancelCharge(...args)),
    migrate: gate((auth: Parameters<Backend['migrate']>[0], request: Parameters<Backend['migrate']>[1]) => inner.migrate(auth, request)),
    syncBatch: gate((token: string, request: Parameters<Backend['syncBatch']>[1]) => inner.syncBatch(token, request)),
    transactions: gate((auth: Parameters<Backend['transactions']>[0], day: string) => inner.transactions(auth, day)),
    settlement: gate((auth: Parameters<Backend['settlement']>[0], day: string) => inner.settlement(auth, day)),
    searchTransactions: gate((...args: Parameters<Backend['searchTransactions']>) => inner.searchTransactions(...args)),
    closeDay: gate((...args: Parameters<Backend['closeDay']>) => inner.closeDay(...args)),
    spendPoints: gate((...args: Parameters<Backend['spendPoints']>) => inner.spendPoints(...args)),
    cancelPointSpend: gate((...args: Parameters<Backend['cancelPointSpend']>) => inner.cancelPointSpend(...args)),
    createMpmRequest: gate((...args: Parameters<Backend['createMpmRequest']>) => inner.createMpmRequest(...args)),
    mpmRequest: gate((...args: Parameters<Backend['mpmRequest']>) => inner.mpmRequest(...args)),
    withdrawMpmRequest: gate((...args: Parameters<Backend['withdrawMpmRequest']>) => inner.withdrawMpmRequest(...args)),
    notices: gate((...args: Parameters<Backend['notices']>) => inner.notices(...args)),
    staticQr: gate((token: string) => inner.staticQr(token)),
  };
  return {
    backend,
    setOnline(next) {
      online = next;
    },
    get online() {
      return online;
    },
  };
}
