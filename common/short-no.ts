/**
 * Short transaction numbers (issue 10 / R29 / R31): `NNNN-SSSSSS`, the terminal's number
 * within its shop and the terminal journal's sequence. Printed on slips, said over the counter
 * and typed into search, so digits only and fixed width.
 */
import { LIMITS } from './limits';

export const SHORT_NO_PATTERN = /^(\d{4})-(\d{6})$/;

export function formatShortNo(terminalNo: number, seq: number): string {
  if (!Number.isInteger(terminalNo) || terminalNo < 1 || terminalNo > LIMITS.terminalNoMax) throw new RangeError(`terminal number out of range: ${terminalNo}`);
  if (!Number.isInteger(seq) || seq < 0) throw new RangeError(`sequence out of range: ${seq}`);
  return `${String(terminalNo).padStart(4, '0')}-${String(seq % LIMITS.shortNoSeqModulo).padStart(6, '0')}`;
}

export function parseShortNo(text: string): { terminalNo: number; seq: number } | null {
  const match = SHORT_NO_PATTERN.exec(text);
  if (!match) return null;
  return { terminalNo: Number(match[1]), seq: Number(match[2]) };
}
