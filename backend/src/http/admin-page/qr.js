// @ts-check
/**
 * A QR code (ISO/IEC 18004) as a grid of dark modules, for the KumaPo event poster (R23). The
 * page is served as is, with no build step, so it cannot take the `qrcode` package the apps use;
 * this is the small part of it the page needs: byte mode, error correction level M (15% of the
 * code may be smudged or covered), versions 1–10 (up to 213 bytes; an event code is 27).
 * qr.test.ts checks every module against the `qrcode` package's output.
 */

/** Versions 1–10 at level M: error-correction codewords per block, and blocks. */
const EC_CODEWORDS_PER_BLOCK = [10, 16, 26, 18, 24, 16, 18, 22, 22, 26];
const EC_BLOCKS = [1, 1, 1, 2, 2, 4, 4, 4, 5, 5];
const VERSION_MAX = EC_BLOCKS.length;
/** Level M's two format bits. */
const EC_LEVEL_M_BITS = 0b00;

/** @param {number} version */
function rawDataModules(version) {
  let modules = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const alignments = Math.floor(version / 7) + 2;
    modules -= (25 * alignments - 10) * alignments - 55;
    if (version >= 7) modules -= 36;
  }
  return modules;
}

/** @param {number} version */
const dataCodewords = (version) => Math.floor(rawDataModules(version) / 8) - (EC_CODEWORDS_PER_BLOCK[version - 1] ?? 0) * (EC_BLOCKS[version - 1] ?? 0);

/** Byte mode: 8 bits of length up to version 9, 16 from 10. */
/** @param {number} version */
const lengthBits = (version) => (version <= 9 ? 8 : 16);

// --- Reed–Solomon over GF(256), polynomial 0x11D --------------------------------------------

/** @param {number} x @param {number} y */
function gfMultiply(x, y) {
  let z = 0;
  for (let i = 7; i >= 0; i -= 1) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z;
}

/** @param {number} degree */
function rsDivisor(degree) {
  const result = new Array(degree).fill(0);
  result[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i += 1) {
    for (let j = 0; j < degree; j += 1) {
      result[j] = gfMultiply(result[j], root);
      if (j + 1 < degree) result[j] ^= result[j + 1];
    }
    root = gfMultiply(root, 0x02);
  }
  return result;
}

/** @param {number[]} data @param {number[]} divisor */
function rsRemainder(data, divisor) {
  const result = new Array(divisor.length).fill(0);
  for (const byte of data) {
    const factor = byte ^ /** @type {number} */ (result.shift());
    result.push(0);
    divisor.forEach((coefficient, i) => (result[i] ^= gfMultiply(coefficient, factor)));
  }
  return result;
}

// --- Codewords -------------------------------------------------------------------------------

/** @param {Uint8Array} bytes @param {number} version */
function dataCodewordsOf(bytes, version) {
  /** @type {number[]} */
  const bits = [];
  /** @param {number} value @param {number} count */
  const put = (value, count) => {
    for (let i = count - 1; i >= 0; i -= 1) bits.push((value >>> i) & 1);
  };
  put(0b0100, 4);
  put(bytes.length, lengthBits(version));
  for (const byte of bytes) put(byte, 8);
  const capacityBits = dataCodewords(version) * 8;
  put(0, Math.min(4, capacityBits - bits.length));
  put(0, (8 - (bits.length % 8)) % 8);
  /** @type {number[]} */
  const codewords = [];
  for (let i = 0; i < bits.length; i += 8) codewords.push(bits.slice(i, i + 8).reduce((acc, bit) => (acc << 1) | bit, 0));
  for (let pad = 0xec; codewords.length < dataCodewords(version); pad ^= 0xec ^ 0x11) codewords.push(pad);
  return codewords;
}

/** Data and error correction, split into blocks and interleaved as the symbol holds them. */
/** @param {number[]} data @param {number} version */
function interleaved(data, version) {
  const blocks = EC_BLOCKS[version - 1] ?? 1;
  const ecLength = EC_CODEWORDS_PER_BLOCK[version - 1] ?? 0;
  const raw = Math.floor(rawDataModules(version) / 8);
  const shortBlocks = blocks - (raw % blocks);
  const shortLength = Math.floor(raw / blocks);
  const divisor = rsDivisor(ecLength);
  /** @type {number[][]} */
  const all = [];
  for (let i = 0, k = 0; i < blocks; i += 1) {
    const part = data.slice(k, k + shortLength - ecLength + (i < shortBlocks ? 0 : 1));
    k += part.length;
    const ec = rsRemainder(part, divisor);
    if (i < shortBlocks) part.push(0);
    all.push([...part, ...ec]);
  }
  /** @type {number[]} */
  const result = [];
  for (let i = 0; i < (all[0]?.length ?? 0); i += 1) {
    all.forEach((block, j) => {
      // The short blocks' placeholder byte is not in the symbol.
      if (i !== shortLength - ecLength || j >= shortBlocks) result.push(/** @type {number} */ (block[i]));
    });
  }
  return result;
}

// --- The grid --------------------------------------------------------------------------------

/** @param {number} version */
function alignmentPositions(version) {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const step = Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2;
  const positions = [6];
  for (let pos = version * 4 + 10; positions.length < count; pos -= step) positions.splice(1, 0, pos);
  return positions;
}

class Grid {
  /** @param {number} version */
  constructor(version) {
    this.version = version;
    this.size = version * 4 + 17;
    /** @type {boolean[][]} */
    this.dark = Array.from({ length: this.size }, () => new Array(this.size).fill(false));
    /** Modules of the fixed patterns, which data and masks leave alone. */
    /** @type {boolean[][]} */
    this.fixed = Array.from({ length: this.size }, () => new Array(this.size).fill(false));
  }

  /** @param {number} x @param {number} y @param {boolean} dark */
  set(x, y, dark) {
    /** @type {boolean[]} */ (this.dark[y])[x] = dark;
    /** @type {boolean[]} */ (this.fixed[y])[x] = true;
  }

  drawFixedPatterns() {
    const { size } = this;
    for (let i = 0; i < size; i += 1) {
      this.set(6, i, i % 2 === 0);
      this.set(i, 6, i % 2 === 0);
    }
    for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]]) {
      for (let dy = -4; dy <= 4; dy += 1) {
        for (let dx = -4; dx <= 4; dx += 1) {
          const x = /** @type {number} */ (cx) + dx;
          const y = /** @type {number} */ (cy) + dy;
          const ring = Math.max(Math.abs(dx), Math.abs(dy));
          if (x >= 0 && x < size && y >= 0 && y < size) this.set(x, y, ring !== 2 && ring !== 4);
        }
      }
    }
    const positions = alignmentPositions(this.version);
    const last = positions.length - 1;
    positions.forEach((cx, i) => {
      positions.forEach((cy, j) => {
        // Not over the finder patterns.
        if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return;
        for (let dy = -2; dy <= 2; dy += 1) for (let dx = -2; dx <= 2; dx += 1) this.set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
      });
    });
    this.drawFormat(0);
    this.drawVersion();
  }

  /** @param {number} mask */
  drawFormat(mask) {
    const data = (EC_LEVEL_M_BITS << 3) | mask;
    let rem = data;
    for (let i = 0; i < 10; i += 1) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
    const bits = ((data << 10) | rem) ^ 0x5412;
    const bit = (/** @type {number} */ i) => ((bits >>> i) & 1) !== 0;
    const { size } = this;
    for (let i = 0; i <= 5; i += 1) this.set(8, i, bit(i));
    this.set(8, 7, bit(6));
    this.set(8, 8, bit(7));
    this.set(7, 8, bit(8));
    for (let i = 9; i < 15; i += 1) this.set(14 - i, 8, bit(i));
    for (let i = 0; i < 8; i += 1) this.set(size - 1 - i, 8, bit(i));
    for (let i = 8; i < 15; i += 1) this.set(8, size - 15 + i, bit(i));
    this.set(8, size - 8, true);
  }

  drawVersion() {
    if (this.version < 7) return;
    let rem = this.version;
    for (let i = 0; i < 12; i += 1) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
    const bits = (this.version << 12) | rem;
    for (let i = 0; i < 18; i += 1) {
      const dark = ((bits >>> i) & 1) !== 0;
      const a = this.size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      this.set(a, b, dark);
      this.set(b, a, dark);
    }
  }

  /** @param {number[]} codewords */
  drawCodewords(codewords) {
    const { size } = this;
    let i = 0;
    for (let right = size - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5;
      for (let vert = 0; vert < size; vert += 1) {
        for (let j = 0; j < 2; j += 1) {
          const x = right - j;
          const upward = ((right + 1) & 2) === 0;
          const y = upward ? size - 1 - vert : vert;
          if (/** @type {boolean[]} */ (this.fixed[y])[x]) continue;
          const byte = codewords[i >>> 3] ?? 0;
          /** @type {boolean[]} */ (this.dark[y])[x] = i < codewords.length * 8 && ((byte >>> (7 - (i & 7))) & 1) !== 0;
          i += 1;
        }
      }
    }
  }

  /** XOR is its own inverse: applying a mask twice takes it off. */
  /** @param {number} mask */
  applyMask(mask) {
    for (let y = 0; y < this.size; y += 1) {
      for (let x = 0; x < this.size; x += 1) {
        if (/** @type {boolean[]} */ (this.fixed[y])[x]) continue;
        const invert = [
          (x + y) % 2 === 0,
          y % 2 === 0,
          x % 3 === 0,
          (x + y) % 3 === 0,
          (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
          ((x * y) % 2) + ((x * y) % 3) === 0,
          (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
          (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
        ][mask];
        const rowCells = /** @type {boolean[]} */ (this.dark[y]);
        if (invert) rowCells[x] = !rowCells[x];
      }
    }
  }

  /** The standard's penalty: the mask that scores least is the easiest to read. */
  penalty() {
    const { size } = this;
    let score = 0;
    /** @param {(i: number, j: number) => boolean} at */
    const lines = (at) => {
      for (let i = 0; i < size; i += 1) {
        let run = 1;
        for (let j = 1; j <= size; j += 1) {
          if (j < size && at(i, j) === at(i, j - 1)) {
            run += 1;
            continue;
          }
          if (run >= 5) score += run - 2;
          run = 1;
        }
        // 1:1:3:1:1 finder-like patterns with four light modules on either side (outside counts as light).
        for (let j = -4; j < size; j += 1) {
          const cell = (/** @type {number} */ k) => k >= 0 && k < size && at(i, k);
          const core = [true, false, true, true, true, false, true];
          const matches = core.every((dark, k) => cell(j + k) === dark);
          if (!matches) continue;
          const lightBefore = [1, 2, 3, 4].every((k) => !cell(j - k));
          const lightAfter = [7, 8, 9, 10].every((k) => !cell(j + k));
          if (lightBefore) score += 40;
          if (lightAfter) score += 40;
        }
      }
    };
    lines((i, j) => /** @type {boolean[]} */ (this.dark[i])[j] === true);
    lines((i, j) => /** @type {boolean[]} */ (this.dark[j])[i] === true);
    let darkCount = 0;
    for (let y = 0; y < size; y += 1) {
      for (let x = 0; x < size; x += 1) {
        const here = /** @type {boolean[]} */ (this.dark[y])[x];
        if (here) darkCount += 1;
        if (x + 1 < size && y + 1 < size && here === this.dark[y]?.[x + 1] && here === this.dark[y + 1]?.[x] && here === this.dark[y + 1]?.[x + 1]) score += 3;
      }
    }
    const total = size * size;
    score += Math.floor(Math.abs(darkCount * 20 - total * 10) / total) * 10;
    return score;
  }
}

/**
 * The QR code of a text (UTF-8): `dark[y][x]` for each module, without the quiet zone.
 * @param {string} text
 * @param {{ version?: number, mask?: number }} [options] fixed only by the tests
 * @returns {{ size: number, dark: boolean[][] }}
 */
export function qrModules(text, options = {}) {
  const bytes = new TextEncoder().encode(text);
  let version = options.version ?? 1;
  while (version <= VERSION_MAX && dataCodewords(version) * 8 < 4 + lengthBits(version) + bytes.length * 8) version += 1;
  if (version > VERSION_MAX) throw new RangeError(`a QR code of this page holds at most ${dataCodewords(VERSION_MAX) - 3} bytes`);
  const grid = new Grid(version);
  grid.drawFixedPatterns();
  grid.drawCodewords(interleaved(dataCodewordsOf(bytes, version), version));
  let mask = options.mask ?? -1;
  if (mask < 0) {
    let best = Infinity;
    for (let candidate = 0; candidate < 8; candidate += 1) {
      grid.applyMask(candidate);
      grid.drawFormat(candidate);
      const score = grid.penalty();
      if (score < best) {
        best = score;
        mask = candidate;
      }
      grid.applyMask(candidate);
    }
  }
  grid.applyMask(mask);
  grid.drawFormat(mask);
  return { size: grid.size, dark: grid.dark };
}

/** The SVG path of the dark modules, one unit per module, for a viewBox with a 4-module quiet zone. */
/** @param {{ size: number, dark: boolean[][] }} qr */
export function qrPathData(qr) {
  const parts = [];
  for (let y = 0; y < qr.size; y += 1) for (let x = 0; x < qr.size; x += 1) if (qr.dark[y]?.[x]) parts.push(`M${x + 4} ${y + 4}h1v1h-1z`);
  return parts.join('');
}
