// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { pickHost } from './pick-host';

afterEach(() => {
  document.head.innerHTML = '';
});

describe('host choice at start', () => {
  it('When the Electron preload exposed window.kumapay, then it is used', () => {
    const preload = { call: async () => ({ ok: true }), subscribe: () => () => undefined };
    const choice = pickHost(Object.assign(Object.create(window) as Window, { kumapay: preload }));
    expect(choice.kind).toBe('electron');
  });

  it('When the page carries the kumapay-secret meta tag, then the browser host protocol is used with that secret', () => {
    document.head.innerHTML = '<meta name="kumapay-secret" content="abc123">';
    const choice = pickHost(window);
    expect(choice).toMatchObject({ kind: 'browser', secret: 'abc123', origin: window.location.origin });
  });

  it('When neither is there, then no host is picked and the reason says why', () => {
    expect(pickHost(window)).toMatchObject({ kind: 'none' });
  });
});
