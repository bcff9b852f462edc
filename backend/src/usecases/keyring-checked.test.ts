/**
 * Issue 16: the HTTP thread checks a CPM token's Ed25519 signature (`checkSignatureNow`) so the
 * ledger worker need not; the worker's ring (`verify` with the claims) takes them only from a key
 * it still trusts, only for the token they were checked for, and judges the times itself (R22).
 */
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { newTokenId } from '../../../common/cpm-token';
import { LIMITS } from '../../../common/limits';
import { suiteStore } from '../testing/suite-store';
import { DataKeys, newDataKey } from './data-keys';
import { BACKEND_LIMITS } from '../limits';
import { KeyRing } from './keyring';

const silent = { error: () => undefined, warn: () => undefined };
const T0 = Date.parse('2026-06-01T10:00:00+09:00');

describe('a CPM token checked in the HTTP thread (issue 16, R22)', () => {
  const store = suiteStore('sqlite');
  const dataKeys = new DataKeys([newDataKey()]);
  const wallet = randomUUID();
  const otherWallet = randomUUID();
  const rings = async () => {
    // Two rings on one store, as the HTTP thread's and the worker's are.
    const http = new KeyRing(store(), dataKeys, silent);
    const worker = new KeyRing(store(), dataKeys, silent);
    await worker.ensureKey(T0);
    await http.ensureKey(T0);
    const token = await worker.sign({ walletId: wallet, tokenId: newTokenId(), issuedAtMs: T0, expiresAtMs: T0 + LIMITS.cpmTokenTtlMsDefault, offlineLimitYen: 0 }, T0);
    return { http, worker, token };
  };

  it('When a good token is checked, then the HTTP thread gets its claims, and the worker approves it with them at its own instant', async () => {
    const { http, worker, token } = await rings();
    const claims = await http.checkSignatureNow(token, T0);
    expect(claims).toMatchObject({ walletId: wallet, issuedAtMs: T0 });
    expect(await worker.verify(token, T0 + 1_000, T0 + 1_000, claims!)).toEqual({ ok: true, claims });
  });

  it('When a token’s signature is forged or its key unknown, then the HTTP thread vouches for nothing', async () => {
    const { http, token } = await rings();
    const forged = `${token.slice(0, token.lastIndexOf('.') + 1)}${'A'.repeat(86)}`;
    expect(await http.checkSignatureNow(forged, T0)).toBeNull();
    expect(await http.checkSignatureNow(token.replace(wallet, otherWallet), T0)).toBeNull();
    expect(await http.checkSignatureNow('not a token', T0)).toBeNull();
  });

  it('Attack: When a good token’s claims come with another, forged token, then the worker does not lend them: the forged one is refused', async () => {
    const { http, worker, token } = await rings();
    const claims = (await http.checkSignatureNow(token, T0))!;
    const forged = token.replace(wallet, otherWallet);
    expect(await worker.verify(forged, T0, T0, claims)).toEqual({ ok: false, code: 'token_invalid' });
    // Nor may the claims say other than the token: a wallet swapped in the claims is not taken.
    expect(await worker.verify(token, T0, T0, { ...claims, walletId: otherWallet })).toEqual({ ok: true, claims });
  });

  it('When the key was revoked after the HTTP thread checked the token, then the worker refuses it (a leaked key verifies nothing from then on)', async () => {
    const { http, worker, token } = await rings();
    const claims = (await http.checkSignatureNow(token, T0))!;
    await worker.rotate(T0 + 1_000, { revokePrevious: true });
    expect(await worker.verify(token, T0 + 1_000, T0 + 1_000, claims)).toEqual({ ok: false, code: 'token_invalid' });
  });

  it('When another instance revoked the key, then the worker refuses the checked token once its ring is due a refresh, as a full check would', async () => {
    const { http, worker, token } = await rings();
    const claims = (await http.checkSignatureNow(token, T0))!;
    const otherInstance = new KeyRing(store(), dataKeys, silent);
    await otherInstance.ensureKey(T0);
    await otherInstance.rotate(T0 + 1_000, { revokePrevious: true });
    const later = T0 + BACKEND_LIMITS.keyringRefreshMs + 2_000;
    expect(await worker.verify(token, later, later, claims)).toEqual({ ok: false, code: 'token_invalid' });
  });

  it('When the token has expired by the worker’s instant, then checked claims do not save it', async () => {
    const { http, worker, token } = await rings();
    const claims = (await http.checkSignatureNow(token, T0))!;
    const late = T0 + LIMITS.cpmTokenTtlMsDefault;
    expect(await worker.verify(token, late, late, claims)).toEqual({ ok: false, code: 'token_expired' });
  });
});
