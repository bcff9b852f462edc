import { DomainError } from '../../../common/errors';
import { BACKEND_LIMITS } from '../limits';

/**
 * Text the ledger will not store (docs/api.md: "bad input of any kind … is a 4xx"): a NUL
 * (PostgreSQL refuses it in text, SQLite would keep a string other tools cut short) or an
 * unpaired UTF-16 surrogate (not encodable as UTF-8: it would silently become U+FFFD, so the
 * stored value would differ from the one sent). Walks without recursion, so a body nested
 * 100,000 deep costs a loop, not the stack (BACKEND_LIMITS.requestJsonNodesMax).
 */

const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badText(value: string): boolean {
  return value.includes('\u0000') || LONE_SURROGATE_RE.test(value);
}

export function findBadText(root: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value: root, path: '' }];
  for (let visited = 0; stack.length > 0; visited++) {
    if (visited >= BACKEND_LIMITS.requestJsonNodesMax) return '(body)';
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (badText(value)) return path || '(value)';
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: `${path}[${i}]` }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (badText(key)) return `${path}.(key)`;
        stack.push({ value: v, path: path ? `${path}.${key}` : key });
      }
    }
  }
  return null;
}

export function assertCleanText(where: string, value: unknown): void {
  const at = findBadText(value);
  if (at !== null) {
    throw new DomainError('invalid_request', `the ${where} holds a NUL character or a broken UTF-16 surrogate`, { field: at.slice(0, 100) });
  }
}
