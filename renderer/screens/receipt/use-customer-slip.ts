/** R29: the shop's お客様控え setting (always / ask / never), read once for a result screen. */
import { useEffect } from 'react';
import type { PrinterSettings } from '../../../common/receipts/printer-settings';
import { useCommand } from '../../hooks/use-command';
import { drop } from '../../format/drop';

/** Null until known, or when the core would not say: no お客様控え button is offered then. */
export function useCustomerSlipSetting(enabled = true): PrinterSettings['customerSlip'] | null {
  const printer = useCommand('getPrinter');
  const { run } = printer;
  useEffect(() => {
    if (enabled) drop(run({}), 'printer settings');
  }, [run, enabled]);
  return enabled && printer.state.kind === 'done' ? printer.state.value.printer.settings.customerSlip : null;
}
