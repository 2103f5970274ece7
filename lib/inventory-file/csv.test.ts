import { describe, expect, it } from "vitest";
import { formatCsvRow, neutralise, parseCsv, unneutralise } from "./csv";

describe("[INVFILE] CSV", () => {
  it("reads rows with the line each starts on, quoted cells spanning lines included", () => {
    const text = 'key,name,description\r\na,Alpha,"two\nlines"\r\n\r\nb,"Be ""quoted""",\nc,"x,y",z';
    const r = parseCsv(text);
    expect(r).toEqual({
      ok: true,
      rows: [
        { line: 1, cells: ["key", "name", "description"] },
        { line: 2, cells: ["a", "Alpha", "two\nlines"] },
        { line: 5, cells: ["b", 'Be "quoted"', ""] },
        { line: 6, cells: ["c", "x,y", "z"] },
      ],
    });
  });

  it("strips a byte-order mark and tolerates a missing final newline", () => {
    expect(parseCsv("\ufeffkey\na")).toEqual({ ok: true, rows: [{ line: 1, cells: ["key"] }, { line: 2, cells: ["a"] }] });
  });

  it.each([
    ['key\n"open', 2, /never closed/],
    ['key\n"a"b', 2, /after a closing quote/],
    ['key\na"b', 2, /quote inside an unquoted cell/],
  ])("reports %j at line %i", (text, line, message) => {
    const r = parseCsv(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.line).toBe(line);
      expect(r.error.message).toMatch(message);
    }
  });

  it("neutralises formula cells on the way out and restores them on the way in", () => {
    for (const cell of ["=SUM(A1)", "+1", "-x", "@me", "\tTab"]) {
      expect(neutralise(cell)).toBe(`'${cell}`);
      expect(unneutralise(neutralise(cell))).toBe(cell);
    }
    expect(neutralise("plain")).toBe("plain");
    expect(unneutralise("'plain")).toBe("'plain");
  });

  it("round-trips rows", () => {
    const cells = ["a,b", 'q"uote', "multi\r\nline", "=formula", "", "plain"];
    const r = parseCsv(formatCsvRow(cells) + formatCsvRow(["x", "y", "z", "1", "2", "3"]));
    expect(r.ok && r.rows.map((row) => row.cells)).toEqual([cells, ["x", "y", "z", "1", "2", "3"]]);
    expect(r.ok && r.rows.map((row) => row.line)).toEqual([1, 3]);
  });
});
