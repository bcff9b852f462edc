import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Credential } from '../../../common/terminal-api';
import { ScanPrompt } from '../../components/ScanPrompt';
import { credentialFromText } from '../../scan/credential';

/** Step 1 of R19: tap the card (chip UID), scan its printed number, or type the number. */
export function CardReader({ onCard }: { onCard(credential: Credential): void }) {
  const { t } = useTranslation();
  const [cardNumber, setCardNumber] = useState('');
  const [invalid, setInvalid] = useState(false);

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    const credential = credentialFromText(cardNumber);
    if (credential?.type === 'card') onCard(credential);
    else setInvalid(true);
  }

  return (
    <ScanPrompt prompt={t('scan.promptCard')} accept={['card']} onCredential={onCard}>
      <form className="form form--inline" onSubmit={onSubmit}>
        <label className="field">
          <span className="field-label">{t('scan.cardNumber')}</span>
          <input
            className="field-input"
            data-testid="card-number"
            value={cardNumber}
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => {
              setCardNumber(event.target.value);
              setInvalid(false);
            }}
          />
        </label>
        <button type="submit" className="button" data-testid="card-number-submit" disabled={!cardNumber.trim()}>
          {t('scan.cardNumberSubmit')}
        </button>
        {invalid && (
          <p className="notice notice--warn" role="alert">
            {t('scan.unreadable')}
          </p>
        )}
      </form>
    </ScanPrompt>
  );
}
