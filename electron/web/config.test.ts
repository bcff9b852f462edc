import { describe, expect, it } from 'vitest';
import { loadWebHostConfig } from './config';

describe('browser host configuration', () => {
  it('When the default backend URL is plain http to another machine, then the host refuses to start with one line naming the way out', () => {
    expect(() => loadWebHostConfig(['--backend-url', 'http://10.0.0.5:8787'], {})).toThrow(
      /^bad configuration: backendUrl: [^\n]*https[^\n]*KUMAPAY_ALLOW_INSECURE_BACKEND=1[^\n]*$/,
    );
    expect(() => loadWebHostConfig([], { KUMAPAY_BACKEND_URL: 'http://kumapay.example' })).toThrow(
      /backendUrl/,
    );
  });

  it('When the backend is on this machine or on https, then it starts; the development flag allows plain http elsewhere', () => {
    expect(loadWebHostConfig([], {})).toMatchObject({
      backendUrl: 'http://127.0.0.1:8787',
      allowInsecureBackend: false,
    });
    expect(loadWebHostConfig(['--backend-url', 'https://kumapay.example'], {}).backendUrl).toBe(
      'https://kumapay.example',
    );
    expect(
      loadWebHostConfig(['--backend-url', 'http://10.0.0.5:8787'], {
        KUMAPAY_ALLOW_INSECURE_BACKEND: '1',
      }),
    ).toMatchObject({
      backendUrl: 'http://10.0.0.5:8787',
      allowInsecureBackend: true,
    });
  });
});
