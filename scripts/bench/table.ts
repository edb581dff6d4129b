// Plain-text tables for benchmark reports: aligned columns, no dependencies, readable in a CI
// log. Numbers are right-aligned, text left-aligned.

export type Cell = string | number;

/** Thousands-separated integer: 61234 → "61,234". */
export function formatInt(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Milliseconds with a precision that suits the size: 0.42 ms, 12.3 ms, 1,234 ms. */
export function formatMs(value: number): string {
  if (value < 10) return `${value.toFixed(2)} ms`;
  if (value < 1000) return `${value.toFixed(1)} ms`;
  return `${formatInt(value)} ms`;
}

/** A ratio as "0.62×". */
export function formatRatio(value: number): string {
  return `${value.toFixed(2)}×`;
}

const NUMERIC = /^[-+]?[\d,.]+(\s?\S{0,4})?$/;

/** Renders rows under a header, columns padded to their widest cell. */
export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[], title?: string): string {
  const text = rows.map((row) => header.map((_, i) => String(row[i] ?? '')));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((row) => row[i]!.length)));
  const line = (cells: readonly string[], alignNumbers: boolean) =>
    cells
      .map((cell, i) => (alignNumbers && i > 0 && NUMERIC.test(cell) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(header, false), rule, ...text.map((row) => line(row, true))];
  if (title) out.unshift(title, '');
  return out.join('\n');
}

/** Prints a two-column (metric, value) table. */
export function printMetrics(title: string, rows: readonly (readonly [metric: string, value: Cell])[]): void {
  console.log(`\n${formatTable(['metric', 'value'], rows, title)}\n`);
}
