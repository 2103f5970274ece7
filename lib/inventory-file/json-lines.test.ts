import { describe, expect, it } from "vitest";
import { formatPath, lineOfPath, parseJsonLocated, pathKey, type JsonPath } from "./json-lines";

function located(text: string, depth?: number) {
  const out: { path: string; line: number }[] = [];
  const result = parseJsonLocated(text, { locateDepth: depth, locate: (path, line) => out.push({ path: formatPath(path), line }) });
  return { result, out };
}

describe("[INVFILE] JSON parser with lines", () => {
  it("parses like JSON.parse", () => {
    const samples = ['{"a":[1,2.5,-3e2,true,false,null],"b":{"c":"x\\n\\u00e9\\"\\\\\\/"}}', "[]", "{}", '"s"', " 0 ", '[{"x":[[]]}]', '"\\ud83d\\ude00"'];
    for (const s of samples) {
      const r = parseJsonLocated(s);
      expect(r).toEqual({ ok: true, value: JSON.parse(s) as unknown });
    }
  });

  it("gives each array element of each section its starting line", () => {
    const text = ['{', '  "teams": [', '    {"key": "a"},', "", '    {', '      "key": "b"', "    }", "  ],", '  "people": [{"email": "x@y.z"}]', "}"].join("\n");
    const { result, out } = located(text, 2);
    expect(result.ok).toBe(true);
    expect(out.filter((o) => o.path.includes("["))).toEqual([
      { path: "teams[0]", line: 3 },
      { path: "teams[1]", line: 5 },
      { path: "people[0]", line: 9 },
    ]);
  });

  it("counts CRLF and CR-free files alike", () => {
    const text = '{\r\n"teams": [\r\n{"key": "a"},\r\n{"key": "b"}\r\n]\r\n}';
    const { out } = located(text, 2);
    expect(out.filter((o) => o.path.startsWith("teams["))).toEqual([
      { path: "teams[0]", line: 3 },
      { path: "teams[1]", line: 4 },
    ]);
  });

  it("finds a field's line in a record inside a file, offset to the file's lines", () => {
    const record = '{\n  "key": "k",\n  "sdk": {\n    "owner": "o@x.y"\n  },\n  "grants": [\n    {"api": "a", "scopes": ["s1",\n "s2"]}\n  ]\n}';
    const file = `[\n  ${record}\n]`;
    const from = file.indexOf("{");
    const at = (p: JsonPath) => lineOfPath(file, p, from, 2);
    expect(at(["key"])).toBe(3);
    expect(at(["sdk", "owner"])).toBe(5);
    expect(at(["grants", 0])).toBe(8);
    expect(at(["grants", 0, "scopes", 1])).toBe(9);
    // The deepest step that exists; nothing when not even the first does.
    expect(at(["grants", 0, "scopes", 7])).toBe(8);
    expect(at(["sdk", "version"])).toBe(4);
    expect(at(["secrets", 0])).toBeUndefined();
    expect(at([])).toBeUndefined();
  });

  it("gives the line every located value has when the record is parsed (the deepest existing step of any path)", () => {
    const samples = [
      '{\n  "a": [1,\n  2.5e3, -0, true,\n  false, null],\n  "b": {"c": "x\\n\\u00e9\\"\\\\\\/",\n "d\\u0022e": {\n}},\n  "e": [[],\n {}, [[\n 3]]],\n  "f": "}]\\"[{"\n}',
      '{"same": 1,\n "same": {"x":\n 2}}',
      '[\n  {"k": [\n ]}, "s",\n  7\n]',
    ];
    for (const text of samples) {
      const lines = new Map<string, number>();
      const paths: JsonPath[] = [];
      expect(parseJsonLocated(text, { locate: (p, line) => (lines.set(pathKey(p), line), paths.push(p)) }).ok).toBe(true);
      const deepest = (p: JsonPath) => {
        for (let n = p.length; n > 0; n--) {
          const line = lines.get(pathKey(p.slice(0, n)));
          if (line !== undefined) return line;
        }
        return undefined;
      };
      for (const p of [...paths, ...paths.map((q) => [...q, "missing"]), ...paths.map((q) => [...q, 9])]) {
        expect(lineOfPath(text, p), `${formatPath(p)} in ${text}`).toBe(deepest(p));
      }
    }
  });

  it.each([
    ['{\n  "a": 1,\n  "b": 2,\n}', 4, /expected a property name/],
    ['{\n  "a": [1,\n 2\n', 4, /expected "," or "]"/],
    ['{"a": "unterminated}', 1, /Unterminated string/],
    ['{"a": tru}', 1, /expected a value/],
    ['{"a": 1} x', 1, /after the end/],
    ['{"a": 01}', 1, /expected "," or "}"/],
    ['{"a": "x\\qy"}', 1, /Invalid escape/],
    ["", 1, /expected a value/],
  ])("reports %j at line %i", (text, line, message) => {
    const r = parseJsonLocated(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.line).toBe(line);
      expect(r.error.message).toMatch(message);
    }
  });

  it("never echoes content characters in an error (they may be secret)", () => {
    const r = parseJsonLocated('{"clientSecret": s3cr3t}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).not.toMatch(/"s"|s3cr3t/);
  });

  it("a __proto__ key is data, not a prototype", () => {
    const r = parseJsonLocated('{"__proto__": {"polluted": true}}');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.keys(r.value as object)).toEqual(["__proto__"]);
    }
  });

  it("refuses absurd nesting instead of overflowing the stack", () => {
    const r = parseJsonLocated("[".repeat(5000) + "]".repeat(5000));
    expect(r.ok).toBe(false);
  });

  it("formats paths for messages", () => {
    expect(formatPath(["grants", 0, "scopes", 1])).toBe("grants[0].scopes[1]");
    expect(formatPath(["sdk", "owner"])).toBe("sdk.owner");
  });
});
