/**
 * R29: which copies print by themselves when a slip is made (docs/receipts.md, "Copies").
 * お客様控え follows the shop's setting; 加盟店控え is the drawer's record of cash taken or handed
 * back, so charges and cancels (a KumaPo spend's too) always print it; a 精算 report prints when
 * the day closes and a 点検 report only when someone asks for it.
 */
import type { PrinterSettings } from '../../../common/receipts/printer-settings';
import type { SlipBody, SlipCopy } from '../../../common/receipts/slip';

export function automaticCopies(body: SlipBody, customerSlip: PrinterSettings['customerSlip']): SlipCopy[] {
  const customer: SlipCopy[] = customerSlip === 'always' ? ['customer'] : [];
  switch (body.kind) {
    case 'payment':
    case 'migration':
    case 'point_spend':
      return customer;
    // R23/R31: a spend's 取消 moves no cash, but the shop keeps every 取消 (and who approved it) on paper.
    case 'charge':
    case 'cancel':
    case 'point_spend_cancel':
      // The customer takes theirs first; the shop's stays in the drawer.
      return [...customer, 'shop'];
    case 'report':
      return body.mode === 'close' ? ['shop'] : [];
  }
}

/** The copy a slip is shown as (preview) or printed as when the request names none that fits. */
export function naturalCopy(body: SlipBody): SlipCopy {
  return body.kind === 'report' ? 'shop' : 'customer';
}
