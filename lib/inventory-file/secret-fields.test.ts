import { describe, expect, it } from "vitest";
import { findSecretValueFields, isSecretValueField } from "./secret-fields";

describe("[INVFILE] secret-value fields", () => {
  it.each(["value", "secret", "secretValue", "clientSecret", "client_secret", "privateKey", "private-key", "password", "PASSWORD", "token", "accessToken", "refresh_token", "apiKey"])(
    "%s is a secret value",
    (name) => expect(isSecretValueField(name)).toBe(true),
  );

  it.each(["key", "kind", "storage", "storageRef", "fingerprint", "tokenEndpoint", "tokenCache", "tokenPersistence", "logsRedactTokens", "clientId", "clientAuthMethod", "name"])(
    "%s is metadata",
    (name) => expect(isSecretValueField(name)).toBe(false),
  );

  it("finds them at any depth, by path", () => {
    const record = { key: "k", clientSecret: "x", sdk: { token: "t" }, secrets: [{ kind: "client_secret", value: "v" }, { kind: "private_key", privateKey: "p" }] };
    expect(findSecretValueFields(record)).toEqual([["clientSecret"], ["sdk", "token"], ["secrets", 0, "value"], ["secrets", 1, "privateKey"]]);
  });
});
