import { describe, expect, it } from 'vitest';
import { hashSecret, newSecret } from './secrets';

describe('bearer tokens at rest (security: only their SHA-256 is stored)', () => {
  it('When a token is hashed, then it is SHA-256 in base64url, the form every stored terminal token and staff session was saved in', () => {
    // Known answer (openssl dgst -sha256 | base64url): a change of form would lock every terminal out.
    expect(hashSecret('terminal-token-0123')).toBe('GNU8ZKVBi4Ldq2enD4O0TQwYf-QZ_u_tfQO7brLnOsk');
  });

  it('When two tokens are made, then they differ, and neither is its own hash', () => {
    const a = newSecret();
    const b = newSecret();
    expect(a).not.toBe(b);
    expect(hashSecret(a)).not.toBe(a);
    expect(hashSecret(a)).not.toBe(hashSecret(b));
  });
});
