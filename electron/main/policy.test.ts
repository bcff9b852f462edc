import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  CUSTOMER_DISPLAY_URL,
  customerDisplayPlacement,
  customerWindowHears,
  devToolsAllowed,
  ipcCommandAllowed,
  ipcSenderAllowed,
  navigationAllowed,
  permissionAllowed,
  permissionCheckAllowed,
  rendererPathFor,
  windowOpenAllowed,
} from './policy';

const HOSTILE_URLS = [
  'https://evil.example/',
  'http://127.0.0.1:8787/v1/payments',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'kumapay://evil/index.html',
  'kumapay://app.evil.example/index.html',
  'kumapay://user:pass@app/index.html',
  'KUMAPAY://APP.evil/',
  'about:blank',
  'chrome://settings',
  'devtools://devtools/bundled/inspector.html',
  'blob:kumapay://app/123',
  '//evil.example',
  'not a url',
  '',
];

describe('Electron shell policy', () => {
  it('When the app navigates inside itself (hash routes), then it is allowed', () => {
    expect(navigationAllowed(APP_ENTRY_URL)).toBe(true);
    expect(navigationAllowed(`${APP_ENTRY_URL}#/pay`)).toBe(true);
  });

  it.each(HOSTILE_URLS)('When something tries to navigate to %j, then it is blocked', (url) => {
    expect(navigationAllowed(url)).toBe(false);
  });

  it.each([...HOSTILE_URLS, APP_ENTRY_URL])('When a new window for %j is asked for, then it is denied', (url) => {
    expect(windowOpenAllowed(url)).toBe(false);
  });

  it('When the app asks for the camera, then it is granted; the microphone, location, USB, notifications or anyone else: denied', () => {
    expect(permissionAllowed({ permission: 'media', requestingUrl: APP_ENTRY_URL, mediaTypes: ['video'] })).toBe(true);
    expect(permissionAllowed({ permission: 'media', requestingUrl: APP_ENTRY_URL, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(permissionAllowed({ permission: 'media', requestingUrl: APP_ENTRY_URL, mediaTypes: ['audio'] })).toBe(false);
    expect(permissionAllowed({ permission: 'media', requestingUrl: APP_ENTRY_URL, mediaTypes: [] })).toBe(false);
    for (const permission of ['geolocation', 'notifications', 'hid', 'serial', 'usb', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(permissionAllowed({ permission, requestingUrl: APP_ENTRY_URL })).toBe(false);
    }
    for (const url of HOSTILE_URLS) expect(permissionAllowed({ permission: 'media', requestingUrl: url, mediaTypes: ['video'] })).toBe(false);
    expect(permissionCheckAllowed('media', 'kumapay://app', 'video')).toBe(true);
    expect(permissionCheckAllowed('media', 'https://evil.example', 'video')).toBe(false);
    expect(permissionCheckAllowed('geolocation', 'kumapay://app')).toBe(false);
  });

  it('When IPC arrives from anything but the app window top frame on the app origin, then it is refused', () => {
    expect(ipcSenderAllowed({ frameUrl: APP_ENTRY_URL, isMainFrame: true, isAppWindow: true })).toBe(true);
    expect(ipcSenderAllowed({ frameUrl: APP_ENTRY_URL, isMainFrame: false, isAppWindow: true })).toBe(false);
    expect(ipcSenderAllowed({ frameUrl: APP_ENTRY_URL, isMainFrame: true, isAppWindow: false })).toBe(false);
    for (const url of HOSTILE_URLS) expect(ipcSenderAllowed({ frameUrl: url, isMainFrame: true, isAppWindow: true })).toBe(false);
  });

  it('When the app protocol is asked for a file, then only files inside the renderer build are served', () => {
    expect(rendererPathFor('kumapay://app/')).toBe('index.html');
    expect(rendererPathFor('kumapay://app/assets/index-abc.js')).toBe('assets/index-abc.js');
    for (const tricky of ['kumapay://app/../../etc/passwd', 'kumapay://app/assets/%2e%2e/%2e%2e/secret', 'kumapay://app/a/%2e%2e%2f%2e%2e%2fsecret', 'kumapay://app/a%5c..%5cb']) {
      const relative = rendererPathFor(tricky);
      // Either refused, or a path whose segments never climb out of the build folder.
      expect(relative === null || relative.split('/').every((s) => s !== '..' && s !== '.' && !s.includes('\\'))).toBe(true);
    }
    expect(rendererPathFor('kumapay://app/a%00b')).toBeNull();
    expect(rendererPathFor('kumapay://evil/index.html')).toBeNull();
  });

  it('When the app is a packaged build, then DevTools are off unless KUMAPAY_DEVTOOLS=1 is set; kiosk mode keeps them off in development too', () => {
    expect(devToolsAllowed({ packaged: true, kiosk: false, env: {} })).toBe(false);
    expect(devToolsAllowed({ packaged: true, kiosk: true, env: {} })).toBe(false);
    expect(devToolsAllowed({ packaged: true, kiosk: false, env: { KUMAPAY_DEVTOOLS: 'true' } })).toBe(false);
    expect(devToolsAllowed({ packaged: true, kiosk: false, env: { KUMAPAY_DEVTOOLS: '1' } })).toBe(true);
    expect(devToolsAllowed({ packaged: false, kiosk: false, env: {} })).toBe(true);
    expect(devToolsAllowed({ packaged: false, kiosk: true, env: {} })).toBe(false);
  });
});

describe('customer-facing display window', () => {
  const customer = { frameUrl: CUSTOMER_DISPLAY_URL, isMainFrame: true, isAppWindow: false, isCustomerWindow: true };

  it('When the customer window calls, then it may read the display view and nothing else; hostile frames get nothing', () => {
    expect(ipcCommandAllowed(customer, 'getCustomerDisplay')).toBe(true);
    for (const command of ['pay', 'cancel', 'getStatus', 'customerDisplay', 'login', 'dailyReport']) expect(ipcCommandAllowed(customer, command)).toBe(false);
    expect(ipcCommandAllowed({ ...customer, isMainFrame: false }, 'getCustomerDisplay')).toBe(false);
    for (const url of HOSTILE_URLS) expect(ipcCommandAllowed({ ...customer, frameUrl: url }, 'getCustomerDisplay')).toBe(false);
    // The app window keeps every command.
    expect(ipcCommandAllowed({ frameUrl: APP_ENTRY_URL, isMainFrame: true, isAppWindow: true }, 'pay')).toBe(true);
  });

  it('When events are sent, then the customer window hears only what it shows (no staff, queue or device status)', () => {
    expect(customerWindowHears({ type: 'customer_display' })).toBe(true);
    for (const type of ['status', 'scan', 'card', 'payment_checking']) expect(customerWindowHears({ type })).toBe(false);
  });

  it('When a second screen is connected, then the window opens full screen on it; with one screen only on request', () => {
    const primary = { id: 1, bounds: { x: 0, y: 0, width: 1280, height: 800 } };
    const second = { id: 2, bounds: { x: 1280, y: 0, width: 800, height: 480 } };
    expect(customerDisplayPlacement([primary, second], 1, {})).toEqual({ bounds: second.bounds, fullscreen: true });
    expect(customerDisplayPlacement([primary], 1, {})).toBeNull();
    expect(customerDisplayPlacement([primary], 1, { KUMAPAY_CUSTOMER_DISPLAY: '1' })).toEqual({ bounds: null, fullscreen: false });
    expect(customerDisplayPlacement([primary, second], 1, { KUMAPAY_CUSTOMER_DISPLAY: '0' })).toBeNull();
  });
});
