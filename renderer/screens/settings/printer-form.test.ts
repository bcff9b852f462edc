import { describe, expect, it } from 'vitest';
import { DEFAULT_PRINTER_SETTINGS } from '../../../common/receipts/printer-settings';
import { LIMITS } from '../../../common/limits';
import { formOf, linesOf, settingsOf, type PrinterForm } from './printer-form';

const base: PrinterForm = formOf(DEFAULT_PRINTER_SETTINGS);

describe('printer settings form (R29)', () => {
  it('R29: When a network printer and shop lines are entered, then the settings are the schema\'s, blank trailing lines dropped', () => {
    const result = settingsOf({ ...base, type: 'tcp', host: ' 192.168.1.50 ', port: '9100', customerSlip: 'ask', headerLines: '熊谷うちわ商店\n', footerLines: 'またのご来店を\nお待ちしております\n\n' });
    expect(result).toEqual({
      ok: true,
      settings: {
        connection: { type: 'tcp', host: '192.168.1.50', port: 9_100 },
        commandSet: 'epson',
        paperWidthMm: 80,
        customerSlip: 'ask',
        headerLines: ['熊谷うちわ商店'],
        footerLines: ['またのご来店を', 'お待ちしております'],
      },
    });
  });

  it('R29: When settings are shown and read back, then nothing changes (serial with its speed, Star, 58 mm)', () => {
    const settings = { ...DEFAULT_PRINTER_SETTINGS, connection: { type: 'serial' as const, path: '/dev/ttyUSB0', baudRate: 19_200 }, commandSet: 'star' as const, paperWidthMm: 58 as const, footerLines: ['ありがとうございました'] };
    expect(settingsOf(formOf(settings))).toEqual({ ok: true, settings });
  });

  it('R29: When a shop line is too long, there are five lines, or the port is not a number, then each field says what is wrong', () => {
    const result = settingsOf({ ...base, type: 'tcp', host: '', port: '91OO', headerLines: `ok\n${'x'.repeat(LIMITS.shopLineCharsMax + 1)}`, footerLines: 'a\nb\nc\nd\ne' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { field: 'host' },
        { field: 'port' },
        { field: 'headerLines', tooMany: false, line: 2 },
        { field: 'footerLines', tooMany: true },
      ]),
    );
    expect(result.errors).toHaveLength(4);
  });

  it('R29: When a USB path is not /dev/usb/lpN, then the path is refused; a serial path needs only to be there', () => {
    expect(settingsOf({ ...base, type: 'usb', path: '/dev/ttyUSB0' })).toEqual({ ok: false, errors: [{ field: 'usbPath' }] });
    expect(settingsOf({ ...base, type: 'usb', path: '/dev/usb/lp0' }).ok).toBe(true);
    expect(settingsOf({ ...base, type: 'serial', path: ' ', baud: '38400' })).toEqual({ ok: false, errors: [{ field: 'serialPath' }] });
  });

  it('R29: When lines end with spaces or CRLF, then they are kept without the trailing space', () => {
    expect(linesOf('a  \r\nb\r\n')).toEqual(['a', 'b']);
    expect(linesOf('')).toEqual([]);
  });
});
