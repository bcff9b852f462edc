import { describe, expect, it } from 'vitest';
import { findReader, readerIdentity } from './reader-name';

const listed = (...names: string[]) => names.map((name) => ({ name }));

describe('PC/SC reader names', () => {
  it('finds a reader re-plugged under another index, and never another model, serial or slot', () => {
    expect(findReader('ACS ACR122U PICC Interface 00 00', listed('ACS ACR122U PICC Interface 01 00'))?.name).toBe('ACS ACR122U PICC Interface 01 00');
    expect(findReader('Sony FeliCa Port/PaSoRi 4.0 (0123456) 00 00', listed('Sony FeliCa Port/PaSoRi 4.0 (0999999) 00 00'))).toBeNull();
    expect(findReader('ACS ACR1252 Dual Reader PICC 00 00', listed('ACS ACR1252 Dual Reader PICC 00 01'))).toBeNull();
  });

  it('prefers the exact name when two readers share a model', () => {
    expect(findReader('Virtual PCD 01 00', listed('Virtual PCD 00 00', 'Virtual PCD 01 00'))?.name).toBe('Virtual PCD 01 00');
  });

  it('strips the Windows index as well', () => {
    expect(readerIdentity('ACS ACR122 0')).toBe('ACS ACR122');
    expect(readerIdentity('Virtual PCD 00 01')).toBe('Virtual PCD slot 01');
  });
});
