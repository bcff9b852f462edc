/** Always on screen: connectivity, who is signed in, unsent items, language, menu, sign-out. */
import { useTranslation } from 'react-i18next';
import type { TerminalStatus } from '../../common/terminal-api';
import { hrefOf } from './routes';
import { LanguageToggle } from './LanguageToggle';

interface HeaderProps {
  status: TerminalStatus;
  onLogout(): void;
}

export function Header({ status, onLogout }: HeaderProps) {
  const { t } = useTranslation();
  const staff = status.staff;
  return (
    <header className="header">
      <a className="header-brand" href={hrefOf('home')} data-testid="nav-home">
        {t('app.title')}
      </a>
      <span className={`badge badge--${status.connectivity}`} data-testid="connectivity" data-connectivity={status.connectivity} role="status">
        {t(`header.connectivity.${status.connectivity}`)}
      </span>
      {status.queue.pendingCount > 0 && (
        <a className="badge badge--pending" href={hrefOf('sync')} data-testid="header-pending">
          {t('header.pending', { count: status.queue.pendingCount })}
        </a>
      )}
      <span className="header-merchant">{status.merchantName ?? ''}</span>
      <span className="header-staff" data-testid="header-staff" data-role={staff?.role ?? ''}>
        {staff ? t('header.staff', { name: staff.name, role: t(`roles.${staff.role}`) }) : t('header.notLoggedIn')}
      </span>
      <LanguageToggle />
      {staff && (
        <button type="button" className="button button--small" data-testid="logout" onClick={onLogout}>
          {t('header.logout')}
        </button>
      )}
    </header>
  );
}
