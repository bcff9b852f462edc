import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFocusOnMount } from '../../components/use-focus';

/** After the card lookup: its balance, then on to the app QR (nothing to move → stop here). */
export function CardShown({ totalYen, onNext, onBack, children }: { totalYen: number; onNext(): void; onBack(): void; children: ReactNode }) {
  const { t } = useTranslation();
  const nextRef = useFocusOnMount<HTMLButtonElement>();
  return (
    <section className="confirm">
      {children}
      {totalYen === 0 && <p className="notice notice--warn">{t('migrate.nothingToMove')}</p>}
      <div className="button-row">
        <button type="button" className="button button--primary" data-testid="migration-next" ref={nextRef} onClick={onNext} disabled={totalYen === 0}>
          {t('migrate.toApp')}
        </button>
        <button type="button" className="button" data-testid="migration-back" onClick={onBack}>
          {t('app.back')}
        </button>
      </div>
    </section>
  );
}

/** The last step of R19: move everything, or go back. */
export function ConfirmButtons({ onConfirm, onBack }: { onConfirm(): void; onBack(): void }) {
  const { t } = useTranslation();
  const confirmRef = useFocusOnMount<HTMLButtonElement>();
  return (
    <div className="button-row">
      <button type="button" className="button button--primary" data-testid="migration-confirm" ref={confirmRef} onClick={onConfirm}>
        {t('migrate.confirmButton')}
      </button>
      <button type="button" className="button" data-testid="migration-back" onClick={onBack}>
        {t('app.back')}
      </button>
    </div>
  );
}
