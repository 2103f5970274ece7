import fc from "fast-check";

/**
 * One source of fast-check settings for every property test. Each run draws a fresh seed and prints
 * it, so a failure seen once (in CI or locally) can be replayed exactly: PROPERTY_SEED=<seed>.
 * fast-check's failure message carries the seed, the path and the shrunk counterexample; verbose
 * adds every failing case it met while shrinking.
 *
 * Runs are the same in CI and locally (PROPERTY_RUNS overrides): enough for the coverage checks the
 * properties make about themselves (rotation.property.test.ts) to hold on every seed, and still
 * about two seconds in all.
 */
export const propertyRuns = Number(process.env.PROPERTY_RUNS ?? 1000);
export const propertySeed = process.env.PROPERTY_SEED === undefined ? Date.now() ^ (Math.random() * 0x100000000) : Number(process.env.PROPERTY_SEED);

if (!Number.isInteger(propertyRuns) || propertyRuns < 1) throw new Error(`PROPERTY_RUNS must be a positive whole number, not ${String(process.env.PROPERTY_RUNS)}`);
if (!Number.isInteger(propertySeed)) throw new Error(`PROPERTY_SEED must be a whole number, not ${String(process.env.PROPERTY_SEED)}`);

console.info(`[property] seed ${propertySeed}, ${propertyRuns} runs per property (replay: PROPERTY_SEED=${propertySeed} PROPERTY_RUNS=${propertyRuns})`);

/** Parameters for fc.assert: the printed seed, the shared run count, verbose failures. */
export function propertyParameters<T>(overrides: fc.Parameters<T> = {}): fc.Parameters<T> {
  return { seed: propertySeed, numRuns: propertyRuns, verbose: fc.VerbosityLevel.Verbose, ...overrides };
}
