/**
 * The menu: only what the signed-in role may do (permissions.ts), big enough to hit by thumb,
 * and numbered so the keyboard's digit keys open an item.
 */
import { useTranslation } from 'react-i18next';
import type { TerminalStatus } from '../../common/terminal-api';
import { useStatus } from '../hooks/api-context';
import { staffCan, type Capability } from '../flows/permissions';
import { hrefOf, navigate } from '../hooks/routes';
import { useKeys } from '../hooks/use-keys';
import { Screen } from '../components/Screen';
import type { Resources } from '../i18n/ja';

type MenuRoute = keyof Resources['nav'];

const MENU: ReadonlyArray<{ route: MenuRoute; capability: Capability }> = [
  { route: 'pay', capability: 'pay' },
  { route: 'points', capability: 'points' },
  { route: 'charge', capability: 'charge' },
  { route: 'migrate', capability: 'migrate' },
  { route: 'lookup', capability: 'lookup' },
  { route: 'history', capability: 'history' },
  { route: 'close', capability: 'dailyCheck' },
  { route: 'sync', capability: 'sync' },
  { route: 'settings', capability: 'settings' },
];

export function menuFor(status: TerminalStatus): MenuRoute[] {
  return MENU.filter((item) => staffCan(status, item.capability)).map((item) => item.route);
}

export function HomeScreen() {
  const { t } = useTranslation();
  const status = useStatus();
  const staff = status.staff;
  const routes = menuFor(status);
  useKeys((key) => {
    const route = /^[1-9]$/.test(key) ? routes[Number(key) - 1] : undefined;
    if (!route) return false;
    navigate(route);
    return true;
  });
  return (
    <Screen title={staff ? t('home.greeting', { name: staff.name, role: t(`roles.${staff.role}`) }) : t('app.title')} testId="screen-home" nav={false}>
      <nav className="menu" aria-label={t('header.home')}>
        {routes.map((route, index) => (
          <a key={route} className={`menu-item menu-item--${route}`} href={hrefOf(route)} data-testid={`nav-${route}`} aria-keyshortcuts={String(index + 1)}>
            <span className="menu-shortcut" aria-hidden="true">
              {index + 1}
            </span>
            {t(`nav.${route}`)}
          </a>
        ))}
      </nav>
      {staff && (staff.role === 'charger' || staff.role === 'manager') && !status.chargePoint && <p className="hint">{t('home.notChargePoint')}</p>}
    </Screen>
  );
}
