// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Failure } from '../../common/terminal-api';
import { failure } from '../bridge/host-error';
import { createI18n, type Language } from '../i18n/create-i18n';
import { ApprovalDialog, type ManagerApproval } from './ApprovalDialog';

afterEach(cleanup);

function renderDialog(props: { failure?: Failure | null; busy?: boolean; language?: Language } = {}) {
  const onSubmit = vi.fn<(approval: ManagerApproval) => void>();
  const onCancel = vi.fn<() => void>();
  const user = userEvent.setup({ delay: null });
  const view = render(
    <I18nextProvider i18n={createI18n(props.language ?? 'ja')}>
      <ApprovalDialog busy={props.busy ?? false} failure={props.failure ?? null} message="¥1,200のお支払いを取り消します" onSubmit={onSubmit} onCancel={onCancel} />
    </I18nextProvider>,
  );
  return { onSubmit, onCancel, user, ...view };
}

describe('manager approval at the terminal (R31)', () => {
  it('When the dialog opens, then the code field has focus, Tab goes to the masked PIN and Enter approves', async () => {
    const { onSubmit, user } = renderDialog();
    expect(document.activeElement).toBe(screen.getByTestId('approval-code'));
    await user.keyboard('9001');
    await user.tab();
    const pin = screen.getByTestId('approval-pin') as HTMLInputElement;
    expect(document.activeElement).toBe(pin);
    expect(pin.type).toBe('password');
    await user.keyboard('1234{Enter}');
    expect(onSubmit).toHaveBeenCalledWith({ staffCode: '9001', pin: '1234' });
  });

  it('When code or PIN is missing, then approve is disabled and Enter does nothing', async () => {
    const { onSubmit, user } = renderDialog();
    await user.keyboard('9001{Enter}');
    expect((screen.getByTestId('approval-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('When Tab leaves the last button, then focus wraps back to the code field; Escape goes back', async () => {
    const { onCancel, user } = renderDialog();
    await user.keyboard('9001');
    await user.tab();
    await user.keyboard('1');
    await user.tab();
    expect(document.activeElement).toBe(screen.getByTestId('approval-submit'));
    await user.tab();
    expect(document.activeElement).toBe(screen.getByTestId('approval-cancel'));
    await user.tab();
    expect(document.activeElement).toBe(screen.getByTestId('approval-code'));
    await user.keyboard('{Escape}');
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('When the approval was refused as wrong, then it says so; a first "missing" answer says nothing', () => {
    const { rerender } = renderDialog({ failure: failure('approval_required', 'x', { reason: 'missing' }) });
    expect(screen.queryByTestId('approval-error')).toBeNull();
    rerender(
      <I18nextProvider i18n={createI18n('ja')}>
        <ApprovalDialog busy={false} failure={failure('approval_required', 'x', { reason: 'invalid' })} onSubmit={() => undefined} onCancel={() => undefined} />
      </I18nextProvider>,
    );
    expect(screen.getByTestId('approval-error').textContent).toBe('責任者コードまたは暗証番号が違います');
  });

  it('When the manager is locked out, then it says for how many minutes (rounded up) and to call another manager', () => {
    renderDialog({ failure: failure('staff_locked', 'locked', { retryAfterSeconds: 61 }) });
    expect(screen.getByTestId('approval-error').textContent).toBe('この責任者は暗証番号を続けて間違えたため、2分間承認できません。別の責任者を呼んでください');
  });

  it('When English is on, then the dialog reads in English', () => {
    renderDialog({ language: 'en', failure: failure('approval_required', 'x', { reason: 'invalid' }) });
    expect(screen.getByTestId('approval-error').textContent).toBe('Wrong manager code or PIN');
    expect(screen.getByText('Manager approval')).toBeTruthy();
  });
});
