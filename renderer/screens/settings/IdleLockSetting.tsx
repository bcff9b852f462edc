import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../common/limits';
import { usePreferences, usePreferencesStore } from '../../hooks/preferences';

/** The choices offered, inside LIMITS.idleLockMsMin…Max (30 s … 60 min). */
export const IDLE_LOCK_CHOICES_MS: readonly number[] = [30_000, 60_000, 2 * 60_000, 5 * 60_000, 10 * 60_000, 15 * 60_000, 30 * 60_000, 60 * 60_000].filter(
  (ms) => ms >= LIMITS.idleLockMsMin && ms <= LIMITS.idleLockMsMax,
);

/** Idle auto-lock time, kept in this terminal's preferences; only a manager may change it. */
export function IdleLockSetting({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const { idleLockMs } = usePreferences();
  const store = usePreferencesStore();
  const choices = IDLE_LOCK_CHOICES_MS.includes(idleLockMs) ? IDLE_LOCK_CHOICES_MS : [...IDLE_LOCK_CHOICES_MS, idleLockMs].sort((a, b) => a - b);
  const label = (ms: number) => (ms < 60_000 ? t('counter.idleLock.seconds', { count: Math.round(ms / 1000) }) : t('counter.idleLock.minutes', { count: Math.round(ms / 60_000) }));
  return (
    <label className="field field--inline">
      <span className="field-label">{t('counter.idleLock.label')}</span>
      <select
        className="field-input"
        data-testid="settings-idle-lock"
        value={idleLockMs}
        disabled={!editable}
        onChange={(event) => store.set({ idleLockMs: Number(event.target.value) })}
      >
        {choices.map((ms) => (
          <option key={ms} value={ms}>
            {label(ms)}
          </option>
        ))}
      </select>
      <span className="hint">{t('counter.idleLock.help')}</span>
    </label>
  );
}
