/**
 * Route-level split: the customer-facing display and the two demo pages stand alone and are loaded only when opened (the QR
 * generator stays out of the cashier's bundle); everything else is the cashier app.
 */
import { lazy, Suspense } from 'react';
import type { SimHost } from '../demo/sim-client';
import { useRoute } from '../hooks/routes';
import { TerminalShell } from './TerminalShell';
import { CustomerDisplayScreen } from '../screens/CustomerDisplayScreen';

const SimulatorPage = lazy(async () => ({ default: (await import('../demo/SimulatorPage')).SimulatorPage }));
const CustomerPage = lazy(async () => ({ default: (await import('../demo/CustomerPage')).CustomerPage }));

export function App({ simHost }: { simHost: SimHost | null }) {
  const route = useRoute();
  // The customer-facing display needs no staff sign-in and shows no cashier header.
  if (route === 'customer-display') return <CustomerDisplayScreen />;
  if (route === 'simulator' || route === 'customer') {
    return (
      <Suspense fallback={<p className="splash">…</p>}>
        {route === 'simulator' ? <SimulatorPage simHost={simHost} /> : <CustomerPage simHost={simHost} />}
      </Suspense>
    );
  }
  return <TerminalShell />;
}
