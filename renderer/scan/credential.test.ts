import { describe, expect, it } from 'vitest';
import { cpmTokenText } from '../test-support/fixtures';
import { credentialFromBurst, credentialFromCamera, credentialFromCardUid, credentialFromText } from './credential';

describe('credential from a scan (R18, R22)', () => {
  it('When the text starts with KP1., then it is the app QR token, terminator stripped', () => {
    expect(credentialFromText(`${cpmTokenText()}\r\n`)).toEqual({ type: 'cpm', token: cpmTokenText() });
  });

  it('When the text is a printed card number, then it is a card by number', () => {
    expect(credentialFromText(' 1234-5678 9012\r')).toEqual({ type: 'card', cardNumber: '1234-56789012' });
  });

  it('When the text is neither, then there is no credential', () => {
    expect(credentialFromText('https://example.com/?q=1')).toBeNull();
    expect(credentialFromText('12')).toBeNull();
  });

  it('When a card is tapped, then its UID is the credential', () => {
    expect(credentialFromCardUid('04A1B2C3')).toEqual({ type: 'card', nfcUid: '04A1B2C3' });
  });

  it('When the camera decodes text, then it is taken as the app QR token', () => {
    expect(credentialFromCamera('KP1.x')).toEqual({ type: 'cpm', token: 'KP1.x' });
    expect(credentialFromCamera('  ')).toBeNull();
  });

  it('When a keyboard-wedge token was bent by the JIS layout, then the US reading that parses as a token is chosen', () => {
    const token = cpmTokenText('AbC_def-GhI_jkL-mn');
    const bent = token.replaceAll('_', '=');
    expect(credentialFromBurst({ kind: 'scan', typedText: bent, usLayoutText: token, imeSuspected: false })).toEqual({ type: 'cpm', token });
  });

  it('When neither reading parses as a token, then the typed text still decides (the core reports token_invalid)', () => {
    expect(credentialFromBurst({ kind: 'scan', typedText: 'KP1.broken', usLayoutText: 'KP1.broken', imeSuspected: false })).toEqual({ type: 'cpm', token: 'KP1.broken' });
  });
});
