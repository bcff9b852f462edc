/**
 * Hash routes: they work from file:// in Electron and from the browser host alike, and the
 * demo pages (#/simulator, #/customer) and the customer-facing display (#/customer-display) can
 * be opened in their own windows.
 */
import { useSyncExternalStore } from 'react';

export const ROUTES = ['home', 'pay', 'points', 'charge', 'migrate', 'lookup', 'history', 'close', 'sync', 'settings', 'simulator', 'customer', 'customer-display'] as const;
export type Route = (typeof ROUTES)[number];

export function routeOf(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'home';
}

/** What follows the route in the hash (`#/settings/printer` → `printer`): a screen's own part. */
export function subRouteOf(hash: string): string | null {
  const part = hash.replace(/^#\/?/, '').split(/[/?]/)[1];
  return part ? part : null;
}

export function hrefOf(route: Route): string {
  return route === 'home' ? '#/' : `#/${route}`;
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, () => routeOf(window.location.hash));
}
