/**
 * Slow PIN hash for the bounded offline login: scrypt, so a stolen journal does not give away
 * 4–8 digit PINs in a moment (it still limits, never prevents, a patient offline attack — the
 * lockout and the 12-hour window bound what a guessed PIN is worth).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { CORE_LIMITS } from './limits';

function derive(pin: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      pin,
      salt,
      CORE_LIMITS.pinHashBytes,
      { N: CORE_LIMITS.pinHashCost, r: CORE_LIMITS.pinHashBlockSize, p: CORE_LIMITS.pinHashParallelization },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashPin(pin: string): Promise<{ hashB64: string; saltB64: string }> {
  const salt = randomBytes(CORE_LIMITS.pinSaltBytes);
  const hash = await derive(pin, salt);
  return { hashB64: hash.toString('base64'), saltB64: salt.toString('base64') };
}

export async function pinMatches(pin: string, hashB64: string, saltB64: string): Promise<boolean> {
  const expected = Buffer.from(hashB64, 'base64');
  const actual = await derive(pin, Buffer.from(saltB64, 'base64'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
