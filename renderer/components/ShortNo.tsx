import { useTranslation } from 'react-i18next';

/** The short transaction number (R29, R31: printed and searchable), when the core gave one. */
export function ShortNo({ shortNo }: { shortNo: string | null | undefined }) {
  const { t } = useTranslation();
  if (!shortNo) return null;
  return (
    <span className="short-no">
      <span className="short-no-label">{t('counter.shortNo')}</span> <span className="mono" data-testid="short-no">{shortNo}</span>
    </span>
  );
}
