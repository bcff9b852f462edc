import { describe, expect, it } from 'vitest';
import { PRINT_FAILURE_CODES } from '../../../common/receipts/printer-settings';
import { SLIP_KINDS } from '../../../common/receipts/slip';
import { enPrint } from '../../i18n/en-print';
import { jaPrint } from '../../i18n/ja-print';

describe('words for print jobs (R29)', () => {
  it('R29: When a job fails for any reason the contract names, then both languages have words for it, and for every kind of slip', () => {
    for (const code of PRINT_FAILURE_CODES) {
      expect(jaPrint.failure[code], code).toBeTruthy();
      expect(enPrint.failure[code], code).toBeTruthy();
    }
    expect(Object.keys(jaPrint.failure).sort()).toEqual([...PRINT_FAILURE_CODES, 'unknown'].sort());
    for (const kind of SLIP_KINDS) expect(jaPrint.kind[kind], kind).toBeTruthy();
  });
});
