// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeStaff } from '../bridge/fake';
import { renderApp } from '../test-support/render-app';
import { ERROR_CODES } from '../../common/errors';
import { en } from './en';
import { ja } from './ja';

afterEach(cleanup);

function keysOf(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) => (typeof child === 'string' ? [`${prefix}${key}`] : keysOf(child as object, `${prefix}${key}.`)));
}

describe('languages', () => {
  it('When the app starts, then it speaks Japanese', async () => {
    renderApp({ status: { staff: fakeStaff('cashier') } });
    expect((await screen.findByTestId('nav-pay')).textContent).toContain('お支払い');
    expect(screen.getByTestId('connectivity').textContent).toBe('オンライン');
  });

  it('When English is chosen in Settings, then the whole screen switches at once and amounts keep the ¥ format', async () => {
    const { user, services } = renderApp({ route: 'settings', status: { staff: fakeStaff('manager') } });
    await user.click(await screen.findByTestId('settings-language-en'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Settings');
    expect(screen.getByTestId('header-staff').textContent).toBe('テスト 太郎 (Manager)');
    expect(services.preferences.get().language).toBe('en');
    await user.click(screen.getByTestId('nav-home'));
    expect((await screen.findByTestId('nav-pay')).textContent).toContain('Payment');
    await user.click(screen.getByTestId('nav-pay'));
    expect((await screen.findByTestId('amount-display')).textContent).toBe('¥0');
  });

  it('When the header toggle is pressed twice, then Japanese comes back', async () => {
    const { user } = renderApp({ status: { staff: fakeStaff('cashier') } });
    await user.click(await screen.findByTestId('language-toggle'));
    expect(screen.getByTestId('connectivity').textContent).toBe('Online');
    await user.click(screen.getByTestId('language-toggle'));
    expect(screen.getByTestId('connectivity').textContent).toBe('オンライン');
  });

  it('When the two languages are compared, then English has every Japanese key and no text is empty', () => {
    expect(keysOf(en)).toEqual(keysOf(ja));
    expect([...keysOf(ja), ...keysOf(en)].filter((key) => key.length === 0)).toEqual([]);
    const emptyValues = (value: object): number => Object.values(value).reduce<number>((n, child) => n + (typeof child === 'string' ? (child.trim() === '' ? 1 : 0) : emptyValues(child as object)), 0);
    expect(emptyValues(ja) + emptyValues(en)).toBe(0);
  });

  it('When the core or backend refuses with any known code, then both languages have a sentence for it', () => {
    for (const code of [...ERROR_CODES, 'offline_refused', 'offline_limit', 'network'] as const) {
      expect(ja.errors[code], code).toBeTruthy();
      expect(en.errors[code], code).toBeTruthy();
    }
  });
});
