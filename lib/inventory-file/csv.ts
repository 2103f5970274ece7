/**
 * RFC 4180 CSV, both ways, with the line each row starts on (a quoted cell may span lines).
 * Cells that a spreadsheet would run as a formula are neutralised on the way out with a leading
 * apostrophe, and the apostrophe is removed again on the way in, so a file round-trips exactly.
 */
export type CsvRow = { line: number; cells: string[] };
export type CsvParseResult = { ok: true; rows: CsvRow[] } | { ok: false; error: { message: string; line: number } };

export function parseCsv(text: string): CsvParseResult {
  const rows: CsvRow[] = [];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (pos < n) {
    const rowLine = line;
    const cells: string[] = [];
    for (;;) {
      let cell = "";
      if (text.charCodeAt(pos) === 0x22) {
        const quoteLine = line;
        pos++;
        for (;;) {
          const q = text.indexOf('"', pos);
          if (q === -1) return { ok: false, error: { message: "A quoted cell is never closed", line: quoteLine } };
          const chunk = text.slice(pos, q);
          cell += chunk;
          line += countNewlines(chunk);
          if (text.charCodeAt(q + 1) === 0x22) {
            cell += '"';
            pos = q + 2;
            continue;
          }
          pos = q + 1;
          break;
        }
        const next = text.charCodeAt(pos);
        if (pos < n && next !== 0x2c && next !== 0x0a && next !== 0x0d) {
          return { ok: false, error: { message: "Text after a closing quote (double the quote to include it)", line } };
        }
      } else {
        let end = pos;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === 0x2c || c === 0x0a || c === 0x0d) break;
          if (c === 0x22) return { ok: false, error: { message: "A quote inside an unquoted cell (quote the whole cell)", line } };
          end++;
        }
        cell = text.slice(pos, end);
        pos = end;
      }
      cells.push(unneutralise(cell));
      const c = text.charCodeAt(pos);
      if (c === 0x2c) {
        pos++;
        continue;
      }
      // End of row: CRLF, LF, lone CR or end of input.
      if (c === 0x0d) pos++;
      if (text.charCodeAt(pos) === 0x0a) pos++;
      line++;
      break;
    }
    // Blank lines carry no record.
    if (!(cells.length === 1 && cells[0] === "")) rows.push({ line: rowLine, cells });
  }
  return { ok: true, rows };
}

function countNewlines(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0a) count++;
    else if (c === 0x0d && s.charCodeAt(i + 1) !== 0x0a) count++;
  }
  return count;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell a spreadsheet would evaluate gets a leading apostrophe (DESIGN §8.4). */
export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** The inverse of `neutralise`: only an apostrophe in front of a formula character is ours. */
export function unneutralise(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Cells of a line, comma-separated, without its terminator: a run of cells formatted once and reused across lines. */
export function formatCsvCells(cells: readonly string[]): string {
  return cells.map((c) => quote(neutralise(c))).join(",");
}

/** One CSV line (CRLF-terminated, as RFC 4180 asks). */
export function formatCsvRow(cells: readonly string[]): string {
  return `${formatCsvCells(cells)}\r\n`;
}
