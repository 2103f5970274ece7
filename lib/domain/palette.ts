/**
 * The command palette's logic (pure): which pages match what was typed, the options in display
 * order, where each leads, and how the arrow keys move the active option. The component only renders.
 */

export type PalettePage = { href: string; label: string; section: string };
export type PaletteRecord = { kind: "credential" | "person" | "team" | "api"; id: string; title: string; subtitle: string | null };
export type PaletteOption = { key: string; group: string; label: string; detail: string | null; href: string };

/** Record searches start at this many characters (the endpoint refuses fewer). */
export const minSearchLength = 2;

export const recordGroups: Record<PaletteRecord["kind"], string> = {
  credential: "Credentials",
  person: "People",
  team: "Teams",
  api: "APIs",
};

const recordPaths: Record<PaletteRecord["kind"], string> = {
  credential: "/inventory",
  person: "/people",
  team: "/teams",
  api: "/apis",
};

export function hrefFor(record: Pick<PaletteRecord, "kind" | "id">): string {
  return `${recordPaths[record.kind]}/${encodeURIComponent(record.id)}`;
}

export function shouldSearch(q: string): boolean {
  return q.trim().length >= minSearchLength;
}

/**
 * Pages whose label (or section) holds every word typed, labels starting with the query first;
 * with nothing typed, every page in navigation order.
 */
export function filterPages<P extends PalettePage>(pages: readonly P[], q: string): P[] {
  const query = q.trim().toLowerCase();
  if (!query) return [...pages];
  const words = query.split(/\s+/);
  const matching = pages.filter((p) => {
    const text = `${p.label} ${p.section}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  const starts = (p: P) => (p.label.toLowerCase().startsWith(query) ? 0 : 1);
  return matching.map((p, i) => ({ p, i })).sort((a, b) => starts(a.p) - starts(b.p) || a.i - b.i).map(({ p }) => p);
}

/** The options in display order: matching pages, then records grouped by kind as the server sent them. */
export function paletteOptions(pages: readonly PalettePage[], records: readonly PaletteRecord[], q: string): PaletteOption[] {
  const pageOptions = filterPages(pages, q).map((p) => ({ key: `page:${p.href}`, group: "Pages", label: p.label, detail: p.section, href: p.href }));
  const order = Object.keys(recordGroups) as PaletteRecord["kind"][];
  const recordOptions = order.flatMap((kind) =>
    records
      .filter((r) => r.kind === kind)
      .map((r) => ({ key: `${r.kind}:${r.id}`, group: recordGroups[kind], label: r.title, detail: r.subtitle, href: hrefFor(r) })),
  );
  return [...pageOptions, ...recordOptions];
}

/** The options split into their groups, in order (for headings); each option keeps its flat index. */
export function groupOptions(options: readonly PaletteOption[]): { group: string; options: { option: PaletteOption; index: number }[] }[] {
  const groups: { group: string; options: { option: PaletteOption; index: number }[] }[] = [];
  options.forEach((option, index) => {
    const last = groups.at(-1);
    if (last && last.group === option.group) last.options.push({ option, index });
    else groups.push({ group: option.group, options: [{ option, index }] });
  });
  return groups;
}

/** The active option after a key press (wrapping at either end), or null when the key does not move it. */
export function moveActive(active: number, key: string, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case "ArrowDown":
      return active < 0 ? 0 : (active + 1) % count;
    case "ArrowUp":
      return active <= 0 ? count - 1 : active - 1;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}

/** Whether a key press opens the palette: ⌘K on a Mac, Ctrl+K elsewhere (either works everywhere). */
export function isPaletteShortcut(e: { key: string; metaKey: boolean; ctrlKey: boolean; altKey: boolean; shiftKey: boolean }): boolean {
  return e.key.toLowerCase() === "k" && (e.metaKey || e.ctrlKey) && !e.altKey && !e.shiftKey;
}
