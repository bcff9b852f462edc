/**
 * Always on screen: connectivity (and a plain offline badge), devices that need attention,
 * who is signed in, unsent items, the receipt printer's trouble (R29), language, staff switch,
 * sign-out.
 */
import { useTranslation } from 'react-i18next';
import type { TerminalStatus } from '../../common/terminal-api';
import { cameraIsChosenInput, deviceProblems, useCameraPresence } from '../hooks/device-health';
import { usePreferences } from '../hooks/preferences';
import { hrefOf, navigate } from '../hooks/routes';
import { LanguageToggle } from './LanguageToggle';
import { PrinterWarning } from './PrinterWarning';

interface HeaderProps {
  status: TerminalStatus;
  onLogout(): void;
  onSwitchStaff(): void;
}

function DeviceStatus({ status }: { status: TerminalStatus }) {
  const { t } = useTranslation();
  const cameraChosen = cameraIsChosenInput(usePreferences());
  const camera = useCameraPresence(cameraChosen);
  const problems = deviceProblems(status.devices, camera, cameraChosen);
  return (
    <button
      type="button"
      className={`badge badge--button ${problems.length > 0 ? 'badge--warn' : 'badge--online'}`}
      onClick={() => navigate('settings')}
      data-testid="device-status"
      data-state={problems.length > 0 ? 'problem' : 'ok'}
      data-problems={problems.join(' ')}
      title={problems.map((kind) => t(`counter.devices.${kind}`)).join(' / ') || undefined}
    >
      {problems.length === 0 ? (
        t('counter.devices.allOk')
      ) : (
        <>
          <span aria-hidden="true">⚠</span>
          {problems.map((kind) => (
            <span key={kind} className="device-problem" data-testid="device-problem" data-kind={kind} aria-label={t(`counter.devices.${kind}`)}>
              {t(`counter.devicesShort.${kind}`)}
            </span>
          ))}
        </>
      )}
    </button>
  );
}

export function Header({ status, onLogout, onSwitchStaff }: HeaderProps) {
  const { t } = useTranslation();
  const staff = status.staff;
  return (
    <header className="header">
      <a className="header-brand" href={hrefOf('home')} data-testid="nav-home">
        {t('app.title')}
      </a>
      {status.connectivity === 'offline' ? (
        // Offline: the same badge, drawn strong, with what it means for the counter as its title.
        <span className="header-offline" data-testid="header-offline-badge" title={t('counter.offline')}>
          <span className="badge badge--offline-strong" data-testid="connectivity" data-connectivity="offline" role="status">
            {t('header.connectivity.offline')}
          </span>
        </span>
      ) : (
        <span className={`badge badge--${status.connectivity}`} data-testid="connectivity" data-connectivity={status.connectivity} role="status">
          {t(`header.connectivity.${status.connectivity}`)}
        </span>
      )}
      {status.queue.pendingCount > 0 && (
        <a className="badge badge--pending" href={hrefOf('sync')} data-testid="header-pending">
          {t('header.pending', { count: status.queue.pendingCount })}
        </a>
      )}
      {status.enrolled && <DeviceStatus status={status} />}
      {status.enrolled && <PrinterWarning printer={status.printer} />}
      <span className="header-merchant">{status.merchantName ?? ''}</span>
      <span className="header-staff" data-testid="header-staff" data-role={staff?.role ?? ''}>
        {staff ? t('header.staff', { name: staff.name, role: t(`roles.${staff.role}`) }) : t('header.notLoggedIn')}
      </span>
      <LanguageToggle />
      {staff && (
        <button type="button" className="button button--small" data-testid="switch-staff" onClick={onSwitchStaff}>
          {t('counter.switchStaff')}
        </button>
      )}
      {staff && (
        <button type="button" className="button button--small" data-testid="logout" onClick={onLogout}>
          {t('header.logout')}
        </button>
      )}
    </header>
  );
}
