import { createHash } from 'node:crypto';

/**
 * Grant codes are stored as this hash only (issue 9): a code is 16 characters from a
 * 31-letter alphabet (≈ 79 bits), so an unsalted SHA-256 cannot be reversed by guessing, and a
 * database reader learns no claimable code. Case and surrounding spaces do not matter to
 * the person typing it.
 */
export function grantCodeHash(code: string): string {
  return createHash('sha256').update(code.trim().toUpperCase()).digest('base64url');
}
