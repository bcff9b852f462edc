/**
 * One printed line as a row of character cells (half-width columns), written at a print
 * position that commands move. A double-width character takes two cells; a character scaled
 * wider is followed by blank cells, the way receiptline's plain-text output spreads it.
 */
import { HARDWARE_LIMITS } from '../../limits';

/** A cell a wide character covers beyond its first column. */
const COVERED = '';

export type LineAlignment = 'left' | 'center' | 'right';

export class LineBuilder {
  private cells: string[] = [];
  private column = 0;
  /** Left margin (GS L) and print area width (GS W), in columns; alignment needs the width. */
  leftColumns = 0;
  areaColumns: number | null = null;
  alignment: LineAlignment = 'left';

  constructor(private readonly columnsMax: number = HARDWARE_LIMITS.printerLineColumnsMax) {}

  get isEmpty(): boolean {
    return this.cells.length === 0;
  }

  moveTo(column: number): void {
    this.column = Math.max(0, Math.min(this.columnsMax, Math.round(column)));
  }

  moveBy(columns: number): void {
    this.moveTo(this.column + columns);
  }

  get position(): number {
    return this.column;
  }

  /** Writes `char` taking `widthColumns`, then `extraColumns` blank cells (scaled width). */
  write(char: string, widthColumns: number, extraColumns: number): void {
    if (this.column + widthColumns > this.columnsMax) return;
    this.cells[this.column] = char;
    for (let i = 1; i < widthColumns; i++) this.cells[this.column + i] = COVERED;
    this.column += widthColumns;
    for (let i = 0; i < extraColumns && this.column < this.columnsMax; i++) this.cells[this.column++] = ' ';
  }

  /** The line as text (trailing spaces trimmed), and an empty builder for the next one. */
  take(): string {
    let used = this.cells.length;
    while (used > 0 && (this.cells[used - 1] ?? ' ') === ' ') used--;
    let text = '';
    for (let i = 0; i < used; i++) text += this.cells[i] ?? ' ';
    let pad = this.leftColumns;
    if (this.alignment !== 'left' && this.areaColumns !== null) {
      const free = Math.max(0, this.areaColumns - used);
      pad += this.alignment === 'center' ? Math.floor(free / 2) : free;
    }
    this.cells = [];
    this.column = 0;
    return text.length > 0 ? ' '.repeat(pad) + text : '';
  }
}
