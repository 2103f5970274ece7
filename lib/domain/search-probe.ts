/**
 * Substring search runs on pg_trgm GIN indexes, whose cost grows with every trigram of the text that
 * most rows share: "client-770000" against a million ids that all start with "client-" reads the
 * "client" trigrams' million-entry lists (about 100 ms), while "770000" alone takes 3 ms. When a search
 * has several words and one of them carries digits (the shape of an id), the index looks up that word
 * only and the whole text is checked on the rows it finds: the same rows, a bounded cost.
 */

/** Words as pg_trgm splits them (letters and digits); shorter than three has no trigram of its own. */
const words = (q: string) => q.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3);
const digitCount = (w: string) => w.replace(/\D/g, "").length;

/** The word the trigram index should look up instead of the whole search, or undefined for the whole. */
export function trigramProbe(q: string): string | undefined {
  const all = words(q);
  if (all.length < 2) return undefined;
  const best = all.reduce((a, b) => (digitCount(b) > digitCount(a) || (digitCount(b) === digitCount(a) && b.length > a.length) ? b : a));
  return digitCount(best) > 0 ? best : undefined;
}
