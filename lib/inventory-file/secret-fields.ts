import type { JsonPath } from "./json-lines";

/**
 * Steward never stores a secret value (DESIGN §1): a file that carries one is refused, naming
 * the field, and the value itself is never echoed. These are the property names that mean
 * "a secret value", compared without case, dashes or underscores (`client_secret` = `clientSecret`).
 * Metadata names such as `tokenEndpoint`, `tokenCache` or `storageRef` are not in the list.
 */
const SECRET_VALUE_NAMES = new Set([
  "value",
  "secret",
  "secretvalue",
  "clientsecret",
  "privatekey",
  "password",
  "passphrase",
  "token",
  "accesstoken",
  "refreshtoken",
  "bearertoken",
  "apikey",
  "apikeyvalue",
]);

const canonical = (name: string) => name.toLowerCase().replace(/[-_\s]/g, "");

export function isSecretValueField(name: string): boolean {
  return SECRET_VALUE_NAMES.has(canonical(name));
}

/** Every path in a record whose property name is a secret-value name, at any depth. */
export function findSecretValueFields(record: unknown, base: JsonPath = []): JsonPath[] {
  const found: JsonPath[] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...path, i]));
    } else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        if (isSecretValueField(k)) found.push([...path, k]);
        else walk(v, [...path, k]);
      }
    }
  };
  walk(record, [...base]);
  return found;
}

export const SECRET_VALUE_MESSAGE =
  "is a secret value: Steward never imports or stores secret values. Remove it and describe the secret by storage and storageRef (a fingerprint exported by this deployment is accepted)";
