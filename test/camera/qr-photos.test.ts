/**
 * The camera decoder on real phone photographs (test/camera/photos/, README there), not on
 * rendered codes: what a customer's code looks like to the till's camera, blur, glare and
 * perspective included.
 */
import { describe, expect, it } from 'vitest';
import { createQrFrameDecoder, type Frame } from '../../renderer/scan/qr-frame-decoder';
import { loadQrPhoto, quarterTurn } from './qr-photos';

describe('camera QR decoding on real photos', () => {
  it('When a 640×480 phone photo shows a code in a printed advert lying sideways, then its text is read (the hand-written grey-scale read nothing)', () => {
    const photo = loadQrPhoto('qrcode-1-13');
    expect(createQrFrameDecoder().decode(photo.frame)).toBe(photo.expected);
  });

  it('When the code in a 640×480 photo is held sideways, then its text is read (the hand-written grey-scale read nothing)', () => {
    const photo = loadQrPhoto('qrcode-1-15');
    expect(createQrFrameDecoder().decode(quarterTurn(photo.frame))).toBe(photo.expected);
  });

  it.each(['qrcode-1-18', 'qrcode-2-28', 'qrcode-3-01', 'qrcode-4-20', 'qrcode-5-01'])(
    'When photo %s is shown, then exactly the text its code holds is read',
    (name) => {
      const photo = loadQrPhoto(name);
      expect(createQrFrameDecoder().decode(photo.frame)).toBe(photo.expected);
    },
  );

  it('When a code printed on a shirt is too far and soft to read, then nothing is read: never a wrong text, never a throw', () => {
    const photo = loadQrPhoto('qrcode-4-05');
    expect(createQrFrameDecoder().decode(photo.frame)).toBeNull();
  });

  it('When the frame bytes start mid-buffer (a Node Buffer from a pool), then the code is still read', () => {
    const photo = loadQrPhoto('qrcode-3-01');
    const backing = new Uint8ClampedArray(photo.frame.data.length + 1);
    backing.set(photo.frame.data, 1);
    const shifted: Frame = { ...photo.frame, data: backing.subarray(1) };
    expect(createQrFrameDecoder().decode(shifted)).toBe(photo.expected);
  });
});
