/**
 * Tells the customer-facing display what to show (R28 room for MPM too). The display is a
 * courtesy: a refusal or a dead host is logged and never stops the cashier's flow.
 */
import { useCallback } from 'react';
import type { CustomerView } from '../../common/terminal-api';
import { describeError } from '../bridge/host-error';
import { useApi } from './api-context';

export function useCustomerDisplay(): (view: CustomerView) => void {
  const api = useApi();
  return useCallback(
    (view: CustomerView) => {
      api.call('customerDisplay', { view }).then(
        (result) => {
          if (!result.ok) console.warn('kumapay: customer display refused', result.code, result.message);
        },
        (error: unknown) => console.warn('kumapay: customer display failed', describeError(error)),
      );
    },
    [api],
  );
}
