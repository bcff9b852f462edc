// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../bridge/host-error';
import { fakeStaff } from '../bridge/fake';
import { renderApp } from '../test-support/render-app';

afterEach(cleanup);

describe('staff sign-in and enrollment', () => {
  it('When nobody is signed in and the code and PIN are right, then the menu appears with the role in the header', async () => {
    const { fake, user } = renderApp({ status: { staff: null } });
    fake.handle('login', (input) => {
      const staff = fakeStaff('charger', '荒川 次郎');
      fake.status = { ...fake.status, staff };
      return input.pin === '2468' ? { ok: true, staff } : failure('unauthorized', 'bad pin');
    });
    await user.type(await screen.findByTestId('login-staff-code'), 'S-7');
    await user.click(screen.getByTestId('login-pin'));
    for (const digit of '2468') await user.click(screen.getByTestId(`keypad-${digit}`));
    await user.click(screen.getByTestId('login-submit'));

    expect(await screen.findByTestId('screen-home')).toBeTruthy();
    expect(screen.getByTestId('header-staff').textContent).toBe('荒川 次郎（チャージ担当）');
    expect(fake.inputsOf('login')).toEqual([{ staffCode: 'S-7', pin: '2468' }]);
  });

  it('When the PIN is wrong, then the screen says so and the PIN is cleared', async () => {
    const { fake, user } = renderApp({ status: { staff: null } });
    fake.handle('login', () => failure('unauthorized', 'bad pin'));
    await user.type(await screen.findByTestId('login-staff-code'), 'S-7');
    await user.type(screen.getByTestId('login-pin'), '0000{Enter}');
    expect((await screen.findByTestId('login-error')).textContent).toBe('スタッフコードまたは暗証番号が違います');
    expect((screen.getByTestId('login-pin') as HTMLInputElement).value).toBe('');
  });

  it('When the terminal is not enrolled, then the enrollment screen asks for the code and enrolls', async () => {
    const { fake, user } = renderApp({ status: { enrolled: false, staff: null } });
    fake.handle('enroll', () => {
      fake.status = { ...fake.status, enrolled: true };
      return { ok: true, terminalId: 'term-9', merchantName: '熊谷うちわ商店' };
    });
    await user.type(await screen.findByTestId('enroll-code'), 'ENR-123{Enter}');
    expect(await screen.findByTestId('screen-login')).toBeTruthy();
    expect(fake.inputsOf('enroll')).toEqual([{ enrollmentCode: 'ENR-123' }]);
  });

  it('When the staff code is locked after wrong PINs, then the screen says for how long', async () => {
    const { fake, user } = renderApp({ status: { staff: null } });
    fake.handle('login', () => ({ ok: false, code: 'staff_locked', message: 'locked', details: { lockedUntil: '2026-12-01T05:20:00.000Z', retryAfterSeconds: 14 * 60 + 10 } }));
    await user.type(await screen.findByTestId('login-staff-code'), 'S-7');
    await user.type(screen.getByTestId('login-pin'), '0000{Enter}');
    expect((await screen.findByTestId('login-error')).textContent).toContain('15分');
  });

  it('When the backend has revoked this terminal, then every screen says it cannot be used and whom to call', async () => {
    renderApp({ status: { staff: null, accessLost: { reason: 'terminal_revoked', since: '2026-12-01T05:00:00.000Z' } } });
    expect((await screen.findByTestId('access-lost')).textContent).toContain('管理者');
  });

  it('When the server URL is plain http to another machine, then the enrollment screen says https is needed', async () => {
    const { fake, user } = renderApp({ status: { enrolled: false, staff: null } });
    fake.handle('setBackendUrl', () => failure('invalid_request', 'insecure', { reason: 'insecure_backend_url' }));
    const field = await screen.findByTestId('backend-url');
    await user.clear(field);
    await user.type(field, 'http://10.0.0.5:8787');
    await user.click(screen.getByTestId('backend-url-save'));
    expect((await screen.findByTestId('backend-url-error')).textContent).toContain('https://');
  });
});
