import type { Environment } from "@/lib/domain/policies";
import { slugify } from "@/lib/domain/keys";
import type { CatalogServer } from "./catalog";
import type { Prng } from "./prng";
import { fakeUuid } from "./records";

export type Identifiers = ReturnType<typeof createIdentifiers>;

/** Client ids unique per authorization server, and names and keys unique per environment, in the style each vendor issues. */
export function createIdentifiers(rng: Prng) {
  const usedClientIds = new Set<string>();
  const usedKeys = new Set<string>();
  const usedNames = new Set<string>();

  const clientIdFor = (server: CatalogServer, base: string): string => {
    for (let attempt = 0; ; attempt++) {
      const suffix = attempt === 0 ? "" : `-${attempt + 1}`;
      const id =
        server.clientIdStyle === "okta"
          ? `0oa${rng.chars(17)}`
          : server.clientIdStyle === "uuid" || server.clientIdStyle === "onespan"
            ? fakeUuid(rng)
            : server.clientIdStyle === "auth0"
              ? rng.chars(32)
              : `${base}${suffix}`;
      if (!usedClientIds.has(`${server.key}|${id}`)) {
        usedClientIds.add(`${server.key}|${id}`);
        return id;
      }
    }
  };

  const uniqueName = (name: string, env: Environment) => {
    let candidate = name;
    for (let n = 2; usedNames.has(`${env}|${candidate}`); n++) candidate = `${name} #${n}`;
    usedNames.add(`${env}|${candidate}`);
    let key = `${slugify(candidate)}-${env}`;
    for (let n = 2; usedKeys.has(key); n++) key = `${slugify(candidate)}-${env}-${n}`;
    usedKeys.add(key);
    return { name: candidate, key };
  };

  /** Holds a name and key that were set by hand (the OneSpan record), so no drawn record takes them. */
  const reserve = (name: string, env: Environment, key: string) => {
    usedNames.add(`${env}|${name}`);
    usedKeys.add(key);
  };

  return { clientIdFor, uniqueName, reserve };
}
