/**
 * The CSV `grants` cell (DESIGN §8.2): `apiKey:scope1|scope2;apiKey2:scope3`.
 *
 * - `;` separates grants, `|` separates scopes, the first `:` separates the API key from its
 *   scopes (API keys never contain `:`; scope names may, e.g. `urn:crm:read`).
 * - `apiKey` or `apiKey:` alone grants the API with no scopes.
 * - A backslash escapes `\`, `|` and `;` inside a scope name.
 * - Whitespace around keys and scope names is ignored; an empty cell means no grants; a trailing
 *   `;` is allowed. An empty API key, an empty scope name, a repeated API or a repeated scope is an
 *   error naming it.
 */
export type CellGrant = { api: string; scopes: string[] };
export type GrantsCellResult = { ok: true; grants: CellGrant[] } | { ok: false; error: string };

/** Splits on an unescaped separator; escapes are kept for the next stage. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === "\\" && i + 1 < text.length) {
      current += ch + text.charAt(i + 1);
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function unescape(text: string): { ok: true; value: string } | { ok: false; error: string } {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const next = text.charAt(i + 1);
    if (next !== "\\" && next !== "|" && next !== ";") return { ok: false, error: 'a backslash may only escape "\\", "|" or ";"' };
    out += next;
    i++;
  }
  return { ok: true, value: out };
}

export function parseGrantsCell(cell: string): GrantsCellResult {
  const grants: CellGrant[] = [];
  const parts = splitUnescaped(cell, ";");
  for (let index = 0; index < parts.length; index++) {
    const part = (parts[index] ?? "").trim();
    if (part === "") {
      // Tolerate a trailing ";" (and an empty cell), not an empty grant in the middle.
      if (index === parts.length - 1 || parts.every((p) => p.trim() === "")) continue;
      return { ok: false, error: `grant ${index + 1} is empty` };
    }
    const colon = part.indexOf(":");
    const api = (colon === -1 ? part : part.slice(0, colon)).trim();
    const rest = colon === -1 ? "" : part.slice(colon + 1);
    if (api === "") return { ok: false, error: `grant ${index + 1} has no API key before ":"` };
    if (grants.some((g) => g.api === api)) return { ok: false, error: `API "${api}" is granted twice` };
    const scopes: string[] = [];
    if (rest.trim() !== "") {
      for (const raw of splitUnescaped(rest, "|")) {
        const trimmed = raw.trim();
        if (trimmed === "") return { ok: false, error: `API "${api}" has an empty scope name` };
        const name = unescape(trimmed);
        if (!name.ok) return { ok: false, error: `API "${api}": ${name.error}` };
        if (scopes.includes(name.value)) return { ok: false, error: `API "${api}" lists scope "${name.value}" twice` };
        scopes.push(name.value);
      }
    }
    grants.push({ api, scopes });
  }
  return { ok: true, grants };
}

const escapeScope = (name: string) => name.replace(/[\\|;]/g, (c) => `\\${c}`);

export function formatGrantsCell(grants: readonly CellGrant[]): string {
  return grants.map((g) => (g.scopes.length ? `${g.api}:${g.scopes.map(escapeScope).join("|")}` : g.api)).join(";");
}

/** `a|b|c` lists (applications, grant types): trimmed, empties dropped. */
export function parseListCell(cell: string): string[] {
  return cell
    .split("|")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

export function formatListCell(items: readonly string[]): string {
  return items.join("|");
}
