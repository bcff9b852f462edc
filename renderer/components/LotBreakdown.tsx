import { useTranslation } from 'react-i18next';
import type { LotLine } from '../format/lot-lines';
import { useFormat } from '../format/use-format';

interface LotBreakdownProps {
  title: string;
  lines: readonly LotLine[];
  testId: string;
  showExpiry?: boolean;
}

/** One row per lot: 限定マネー② ¥2,000 (until …). */
export function LotBreakdown({ title, lines, testId, showExpiry = true }: LotBreakdownProps) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="lots" data-testid={testId} aria-label={title}>
      <h3 className="lots-title">{title}</h3>
      <ul className="lots-list">
        {lines.map((line) => (
          <li key={line.lotId} className={`lot-row${line.expired || line.eligible === false ? ' lot-row--muted' : ''}`} data-testid="lot-row">
            <span className="lot-label">{line.label}</span>
            <span className="lot-amount">{format.yen(line.amountYen)}</span>
            {showExpiry && (
              <span className="lot-note">
                {line.expired ? t('lot.expired') : t('lot.expires', { date: format.day(line.expiresAt) })}
                {line.eligible === false && ` · ${t('lot.notEligible')}`}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
