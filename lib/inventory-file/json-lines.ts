/**
 * A small JSON parser that knows where things are. `JSON.parse` gives values but no positions;
 * the inventory import must name the line of every record (and, for an invalid record, the line
 * of the offending field), so this recursive-descent parser reports each located value's line and
 * character range through a callback. It accepts exactly RFC 8259 JSON.
 *
 * In valid JSON a line break can only appear in whitespace, so lines are counted there alone.
 */
export type JsonPath = readonly (string | number)[];

export type JsonSyntaxError = { message: string; line: number; column: number };

/** Called once per value whose path is at most `locateDepth` deep, after the value is parsed. */
export type Locator = (path: JsonPath, line: number, start: number, end: number) => void;

export type ParseOptions = {
  locate?: Locator;
  /** Paths longer than this are not reported (default: all). 2 = each element of each top-level array. */
  locateDepth?: number;
  /** Added to every reported line: for re-parsing a slice that began on line `lineOffset + 1`. */
  lineOffset?: number;
};

export type ParseResult = { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError };

const MAX_DEPTH = 100;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class SyntaxFailure extends Error {}

export function parseJsonLocated(text: string, options: ParseOptions = {}): ParseResult {
  const locate = options.locate;
  const locateDepth = options.locateDepth ?? Number.POSITIVE_INFINITY;
  const lineOffset = options.lineOffset ?? 0;
  const path: (string | number)[] = [];
  let pos = 0;
  let line = 1;
  let lineStart = 0;

  let failure: JsonSyntaxError | undefined;
  const fail = (message: string, at = pos): SyntaxFailure => {
    failure = { message, line: line + lineOffset, column: at - lineStart + 1 };
    return new SyntaxFailure(message);
  };

  const skipWhitespace = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x09 || c === 0x0d) pos++;
      else if (c === 0x0a) {
        pos++;
        line++;
        lineStart = pos;
      } else return;
    }
  };

  // Only structural characters are quoted back: an error must not echo file content (it may be a secret).
  const describeAt = (at: number) => {
    if (at >= text.length) return "end of the file";
    const ch = text.charAt(at);
    return '{}[]:,"'.includes(ch) ? `"${ch}"` : "character";
  };

  const parseString = (): string => {
    // pos is at the opening quote.
    const start = ++pos;
    // Fast path: no escapes.
    for (;;) {
      const c = text.charCodeAt(pos);
      if (Number.isNaN(c)) throw fail("Unterminated string", start - 1);
      if (c === 0x22) {
        pos++;
        return text.slice(start, pos - 1);
      }
      if (c === 0x5c) break;
      if (c < 0x20) throw fail("Control character in a string (escape it)");
      pos++;
    }
    let out = text.slice(start, pos);
    for (;;) {
      const c = text.charCodeAt(pos);
      if (Number.isNaN(c)) throw fail("Unterminated string", start - 1);
      if (c === 0x22) {
        pos++;
        return out;
      }
      if (c < 0x20) throw fail("Control character in a string (escape it)");
      if (c !== 0x5c) {
        out += text.charAt(pos++);
        continue;
      }
      const e = text.charAt(pos + 1);
      pos += 2;
      switch (e) {
        case '"':
          out += '"';
          break;
        case "\\":
          out += "\\";
          break;
        case "/":
          out += "/";
          break;
        case "b":
          out += "\b";
          break;
        case "f":
          out += "\f";
          break;
        case "n":
          out += "\n";
          break;
        case "r":
          out += "\r";
          break;
        case "t":
          out += "\t";
          break;
        case "u": {
          const hex = text.slice(pos, pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw fail("Invalid \\u escape in a string", pos - 2);
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 4;
          break;
        }
        default:
          throw fail("Invalid escape in a string", pos - 2);
      }
    }
  };

  const parseValue = (depth: number): unknown => {
    skipWhitespace();
    const startLine = line + lineOffset;
    const start = pos;
    let value: unknown;
    const c = text.charCodeAt(pos);
    if (c === 0x7b) value = parseObject(depth);
    else if (c === 0x5b) value = parseArray(depth);
    else if (c === 0x22) value = parseString();
    else if (c === 0x74 && text.startsWith("true", pos)) {
      pos += 4;
      value = true;
    } else if (c === 0x66 && text.startsWith("false", pos)) {
      pos += 5;
      value = false;
    } else if (c === 0x6e && text.startsWith("null", pos)) {
      pos += 4;
      value = null;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = pos;
      const m = NUMBER.exec(text);
      const literal = m?.[0];
      if (literal === undefined) throw fail("Invalid number");
      pos += literal.length;
      value = Number(literal);
    } else {
      throw fail(`Unexpected ${describeAt(pos)}: expected a value`);
    }
    if (locate && path.length <= locateDepth) locate(path.slice(), startLine, start, pos);
    return value;
  };

  const parseObject = (depth: number): Record<string, unknown> => {
    if (depth >= MAX_DEPTH) throw fail("Nesting is too deep");
    pos++;
    const out: Record<string, unknown> = {};
    skipWhitespace();
    if (text.charCodeAt(pos) === 0x7d) {
      pos++;
      return out;
    }
    for (;;) {
      skipWhitespace();
      if (text.charCodeAt(pos) !== 0x22) throw fail(`Unexpected ${describeAt(pos)}: expected a property name in double quotes`);
      const key = parseString();
      skipWhitespace();
      if (text.charCodeAt(pos) !== 0x3a) throw fail(`Unexpected ${describeAt(pos)}: expected ":" after a property name`);
      pos++;
      path.push(key);
      const value = parseValue(depth + 1);
      path.pop();
      // Never let a "__proto__" key change the object's prototype.
      if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
      skipWhitespace();
      const d = text.charCodeAt(pos);
      if (d === 0x2c) {
        pos++;
        continue;
      }
      if (d === 0x7d) {
        pos++;
        return out;
      }
      throw fail(`Unexpected ${describeAt(pos)}: expected "," or "}"`);
    }
  };

  const parseArray = (depth: number): unknown[] => {
    if (depth >= MAX_DEPTH) throw fail("Nesting is too deep");
    pos++;
    const out: unknown[] = [];
    skipWhitespace();
    if (text.charCodeAt(pos) === 0x5d) {
      pos++;
      return out;
    }
    for (;;) {
      path.push(out.length);
      out.push(parseValue(depth + 1));
      path.pop();
      skipWhitespace();
      const d = text.charCodeAt(pos);
      if (d === 0x2c) {
        pos++;
        continue;
      }
      if (d === 0x5d) {
        pos++;
        return out;
      }
      throw fail(`Unexpected ${describeAt(pos)}: expected "," or "]"`);
    }
  };

  try {
    if (text.charCodeAt(0) === 0xfeff) pos = 1;
    const value = parseValue(0);
    skipWhitespace();
    if (pos < text.length) throw fail(`Unexpected ${describeAt(pos)} after the end of the document`);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof SyntaxFailure && failure) return { ok: false, error: failure };
    if (error instanceof RangeError) {
      return { ok: false, error: { message: "The document is nested too deeply", line: line + lineOffset, column: pos - lineStart + 1 } };
    }
    throw error;
  }
}

/**
 * The line of the value at `path` in the valid JSON value that starts at `from` (on line
 * `firstLine`), or of the deepest step of `path` that exists there; undefined when not even its
 * first step does. A seek, not a parse: values off the path are skipped without being built and
 * nothing is kept, so naming one field's line costs a scan of one record. Repeated keys resolve to
 * the last, as parsing does. The text must already have parsed (positions are not re-checked).
 */
export function lineOfPath(text: string, path: JsonPath, from = 0, firstLine = 1): number | undefined {
  let pos = from;
  let found: number | undefined;
  const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
  const skipWhitespace = () => {
    while (isSpace(text.charCodeAt(pos))) pos++;
  };
  // pos at the opening quote → just past the closing one (a quote after an odd run of backslashes is escaped).
  const skipString = () => {
    let q = text.indexOf('"', pos + 1);
    for (;;) {
      if (q === -1) {
        pos = text.length;
        return;
      }
      let backslashes = 0;
      while (text.charCodeAt(q - 1 - backslashes) === 0x5c) backslashes++;
      if (backslashes % 2 === 0) break;
      q = text.indexOf('"', q + 1);
    }
    pos = q + 1;
  };
  const skipValue = () => {
    const c = text.charCodeAt(pos);
    if (c === 0x22) {
      skipString();
      return;
    }
    if (c === 0x7b || c === 0x5b) {
      let depth = 0;
      while (pos < text.length) {
        const d = text.charCodeAt(pos);
        if (d === 0x22) {
          skipString();
          continue;
        }
        pos++;
        if (d === 0x7b || d === 0x5b) depth++;
        else if ((d === 0x7d || d === 0x5d) && --depth === 0) return;
      }
      return;
    }
    // A number, true, false or null.
    while (pos < text.length) {
      const d = text.charCodeAt(pos);
      if (d === 0x2c || d === 0x7d || d === 0x5d || isSpace(d)) return;
      pos++;
    }
  };
  for (const part of path) {
    skipWhitespace();
    const open = text.charCodeAt(pos);
    let at: number | undefined;
    if (open === 0x7b) {
      const name = String(part);
      pos++;
      skipWhitespace();
      if (text.charCodeAt(pos) !== 0x7d) {
        for (;;) {
          skipWhitespace();
          const keyStart = pos + 1;
          skipString();
          // Compared in place; only a longer key can be an escaped spelling of the name (decoding shortens).
          const length = pos - 1 - keyStart;
          const isName =
            length === name.length
              ? !name.includes("\\") && text.startsWith(name, keyStart)
              : length > name.length && text.slice(keyStart, pos - 1).includes("\\") && JSON.parse(`"${text.slice(keyStart, pos - 1)}"`) === name;
          skipWhitespace();
          pos++; // ":"
          skipWhitespace();
          if (isName) at = pos;
          skipValue();
          skipWhitespace();
          if (text.charCodeAt(pos++) !== 0x2c) break;
        }
      }
    } else if (open === 0x5b && /^\d+$/.test(String(part))) {
      const index = Number(part);
      pos++;
      skipWhitespace();
      if (text.charCodeAt(pos) !== 0x5d) {
        for (let i = 0; ; i++) {
          skipWhitespace();
          if (i === index) {
            at = pos;
            break;
          }
          skipValue();
          skipWhitespace();
          if (text.charCodeAt(pos++) !== 0x2c) break;
        }
      }
    }
    if (at === undefined) break;
    found = at;
    pos = at;
  }
  if (found === undefined) return undefined;
  let line = firstLine;
  for (let i = text.indexOf("\n", from); i !== -1 && i < found; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

export function pathKey(path: JsonPath): string {
  return path.map(String).join("\u0000");
}

/** `["grants", 0, "scopes", 1]` → `grants[0].scopes[1]`: how fields are named in messages. */
export function formatPath(path: JsonPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out;
}
