import { useTranslation } from 'react-i18next';
import type { DeviceNotice } from '../../../common/terminal-api';

/** A working device's notice (issue 12), worded from its code; a warning stands out. */
export function DeviceNoticeLine({ notice }: { notice: DeviceNotice }) {
  const { t } = useTranslation();
  return (
    <span className={`device-notice device-notice--${notice.level}`} role={notice.level === 'warning' ? 'alert' : undefined} data-testid="device-notice" data-code={notice.code}>
      {t(`settings.deviceNotice.${notice.code}`, { layout: notice.params.layout ?? '' })}
    </span>
  );
}
