/**
 * 入金通知 (R28): a customer paid the shop's printed QR (or a QR of this register no screen was
 * showing). The core sends the notices worth hearing; this banner shows the amount over any
 * screen with its own tone, for a while (RENDERER_LIMITS.noticeBannerMs) or until closed.
 * A burst (after an outage, several at once) is one banner with the count and the total.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MpmNoticeView } from '../../../common/terminal-api';
import { sumYen } from '../../../common/money';
import { beep } from '../../feedback/beep';
import { useFormat } from '../../format/use-format';
import { useTerminalEvents } from '../../hooks/api-context';
import { usePreferences } from '../../hooks/preferences';
import { useTimers } from '../../hooks/timers';
import { RENDERER_LIMITS } from '../../limits';

export function NoticeBanner() {
  const { t } = useTranslation();
  const format = useFormat();
  const timers = useTimers();
  const { soundEnabled } = usePreferences();
  const [shown, setShown] = useState<{ notices: MpmNoticeView[]; generation: number } | null>(null);

  useTerminalEvents((event) => {
    if (event.type !== 'mpm_notices' || event.notices.length === 0) return;
    setShown((previous) => ({ notices: event.notices, generation: (previous?.generation ?? 0) + 1 }));
    if (soundEnabled) beep('notice');
  });

  const generation = shown?.generation ?? 0;
  useEffect(() => {
    if (generation === 0) return undefined;
    const handle = timers.setTimeout(() => setShown(null), RENDERER_LIMITS.noticeBannerMs);
    return () => timers.clearTimeout(handle);
  }, [generation, timers]);

  if (!shown) return null;
  const { notices } = shown;
  const yenNotices = notices.filter((n) => n.amountYen !== null);
  const pointsNotices = notices.filter((n) => n.points !== null && n.amountYen === null);
  const totalYen = sumYen(yenNotices.map((n) => n.amountYen ?? 0));
  const text =
    notices.length > 1
      ? t('kumapo.notice.many', { count: notices.length, amount: format.yen(totalYen) })
      : pointsNotices.length === 1
        ? t('kumapo.notice.points', { points: format.points(pointsNotices[0]?.points ?? 0) })
        : t('kumapo.notice.one', { amount: format.yen(totalYen) });
  const otherRegister = notices.every((n) => !n.ownRegister);
  return (
    <div className="notice notice--ok notice-banner" role="status" aria-live="assertive" aria-label={t('kumapo.notice.title')} data-testid="notice-banner" data-count={notices.length}>
      <p className="notice-banner-text" data-testid="notice-banner-text">
        {text}
        {otherRegister && <span className="badge"> {t('kumapo.notice.otherRegister')}</span>}
      </p>
      <button type="button" className="button button--small" data-testid="notice-banner-close" onClick={() => setShown(null)}>
        {t('kumapo.notice.dismiss')}
      </button>
    </div>
  );
}
