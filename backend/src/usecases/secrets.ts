import { hash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** Bearer tokens are 256 random bits; only their SHA-256 is stored, so a leaked table unlocks nothing. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** One-shot: every request hashes its bearer tokens, and a Hash object costs twice the hashing (issue 16). */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'base64url');
}

/** Enrollment codes are typed by a person: 12 characters without look-alikes (0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function newHumanCode(length = 12): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return out;
}

/**
 * PINs are 4–8 digits, so their hash must be slow: scrypt N=2^14 costs ~30 ms and 16 MiB per
 * guess; with lock-out after `staffPinFailuresMax` failures an attacker gets a handful of tries.
 */
const SCRYPT = { N: 16_384, r: 8, p: 1, keyLength: 32, maxmem: 64 * 1024 * 1024 };

function scryptAsync(pin: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: SCRYPT.maxmem }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(pin, salt);
  return `scrypt$${SCRYPT.N}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, n, saltText, keyText] = stored.split('$');
  if (scheme !== 'scrypt' || Number(n) !== SCRYPT.N || !saltText || !keyText) return false;
  const key = await scryptAsync(pin, Buffer.from(saltText, 'base64url'));
  const expected = Buffer.from(keyText, 'base64url');
  return expected.length === key.length && timingSafeEqual(expected, key);
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
