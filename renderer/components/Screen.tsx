import type { ReactNode } from 'react';
import { useFocusOnMount } from './use-focus';

/** A screen's frame: its title takes focus on arrival, so keyboard users know where they are. */
export function Screen({ title, testId, children, focusTitle = true }: { title: string; testId: string; children: ReactNode; focusTitle?: boolean }) {
  const titleRef = useFocusOnMount<HTMLHeadingElement>(undefined, focusTitle);
  return (
    <main className="screen" data-testid={testId}>
      <h1 className="screen-title" tabIndex={-1} ref={titleRef}>
        {title}
      </h1>
      {children}
    </main>
  );
}
