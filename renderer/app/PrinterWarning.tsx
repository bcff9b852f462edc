/**
 * R29: the receipt printer in the header. A printer that cannot print (paper out, cover open,
 * offline, unreachable) is a strong warning, since the next slip will not come out; a roll near
 * its end is a soft notice. Nothing when the shop has no printer or it is fine.
 */
import { useTranslation } from 'react-i18next';
import type { PrinterStatusView } from '../../common/receipts/printer-settings';

const STOPPED = ['paper_out', 'cover_open', 'offline', 'unreachable'] as const;
type Stopped = (typeof STOPPED)[number];

function isStopped(state: string): state is Stopped {
  return (STOPPED as readonly string[]).includes(state);
}

export function PrinterWarning({ printer }: { printer: PrinterStatusView | null | undefined }) {
  const { t } = useTranslation();
  if (!printer) return null;
  if (isStopped(printer.state)) {
    return (
      <span className="badge badge--printer-stopped" role="status" data-testid="header-printer-warning" data-state={printer.state} title={t(`print.headerHelp.${printer.state}`)}>
        <span aria-hidden="true">⚠ </span>
        {t(`print.header.${printer.state}`)}
      </span>
    );
  }
  if (printer.paperNearEnd && printer.state !== 'not_configured') {
    return (
      <span className="badge badge--pending" role="status" data-testid="header-printer-notice" title={t('print.headerHelp.nearEnd')}>
        {t('print.header.nearEnd')}
      </span>
    );
  }
  return null;
}
