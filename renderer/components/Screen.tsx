import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../hooks/routes';
import { useFocusOnMount } from './use-focus';

/**
 * 戻る does what Escape does on the screen (one step back in its flow, or to the menu): it
 * hands the screen an Escape key press, and goes to the menu when no screen used it. So every
 * screen, including ones written before the button existed, gets the same visible back.
 */
export function goBack(): void {
  const event = new KeyboardEvent('keydown', { key: 'Escape', cancelable: true });
  const unused = window.dispatchEvent(event);
  if (unused) navigate('home');
}

interface ScreenProps {
  title: string;
  testId: string;
  children: ReactNode;
  focusTitle?: boolean;
  /** The visible 戻る / メニュー buttons; off on the menu itself and on sign-in/enrollment. */
  nav?: boolean;
}

/** A screen's frame: its title takes focus on arrival, so keyboard users know where they are. */
export function Screen({ title, testId, children, focusTitle = true, nav = true }: ScreenProps) {
  const { t } = useTranslation();
  const titleRef = useFocusOnMount<HTMLHeadingElement>(undefined, focusTitle);
  return (
    <main className="screen" data-testid={testId}>
      <div className="screen-bar">
        {nav && (
          <button type="button" className="button button--nav" data-testid="back-button" aria-keyshortcuts="Escape" onClick={goBack}>
            <span aria-hidden="true">◀ </span>
            {t('app.back')}
          </button>
        )}
        <h1 className="screen-title" tabIndex={-1} ref={titleRef}>
          {title}
        </h1>
        {nav && (
          <button type="button" className="button button--nav" data-testid="menu-button" onClick={() => navigate('home')}>
            {t('header.home')}
          </button>
        )}
      </div>
      {children}
    </main>
  );
}
