import { describe, expect, it } from "vitest";
import { controls } from "@/lib/domain/catalog/frameworks";
import { controlRef } from "@/lib/domain/catalog/mapping";
import { ruleIds } from "@/lib/domain/posture/types";
import { credentialFilters } from "@/lib/validation/inventory";
import { credentialFilterValueChecks } from "./credential-filter-values";
import * as vocabulary from "./vocabulary/inventory";

/**
 * The inventory table's zod-free URL checks accept exactly what the API's schema accepts, field by
 * field, over a corpus of valid, invalid and edge-case values.
 */
const refs = controls.map(controlRef);
const year = new Date().getUTCFullYear();
const corpus: string[] = [
  "",
  " ",
  "x",
  " padded ",
  "a".repeat(100),
  " ".repeat(5) + "a".repeat(100) + " ".repeat(5),
  "a".repeat(101),
  "a".repeat(200),
  "a".repeat(201),
  "a".repeat(512),
  "a".repeat(513),
  "0",
  "1",
  " 7 ",
  "30",
  "365",
  "366",
  "-1",
  "1.5",
  "1e2",
  "0x10",
  "Infinity",
  "NaN",
  "abc",
  "3c0a8d3e-5f2b-4c1d-9e8f-0a1b2c3d4e5f",
  "3C0A8D3E-5F2B-4C1D-9E8F-0A1B2C3D4E5F",
  "3c0a8d3e-5f2b-9c1d-9e8f-0a1b2c3d4e5f",
  "3c0a8d3e-5f2b-4c1d-7e8f-0a1b2c3d4e5f",
  "3c0a8d3e5f2b4c1d9e8f0a1b2c3d4e5f",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "2024-02-29",
  "2023-02-29",
  "1900-02-29",
  "2000-02-29",
  "2024-04-31",
  "2024-13-01",
  "2024-01-15T10:00:00Z",
  "2024-01-15T10:00:00.123Z",
  "2024-01-15T10:00:00+02:00",
  "2024-01-15T10:00:00-24:00",
  "2024-01-15T10:00Z",
  "2024-01-15T10:00:00",
  "2024-01-15 10:00:00Z",
  `${String(year + 1)}-01-01`,
  `${String(year + 1)}-01-01T00:00:00Z`,
  "true",
  "false",
  "TRUE",
  "all",
  "any",
  ...Object.values(vocabulary).flatMap((v) => (Array.isArray(v) ? (v as readonly string[]) : [])),
  ...ruleIds,
  "not-a-rule",
  ...refs.slice(0, 5),
  refs.slice(0, 3).join(","),
  ` ${refs[0] ?? ""} , ${refs[1] ?? ""} ,`,
  `${refs[0] ?? ""},${refs[0] ?? ""}`,
  `${refs[0] ?? ""},unknown/control`,
  "owasp-nhi-2025/nope",
  "/x",
  ",",
  refs.slice(0, 20).join(","),
  refs.slice(0, 21).join(","),
];

describe("credential filter values without zod", () => {
  it("checks exactly the schema's fields (all but limit, which the table never sets)", () => {
    expect(Object.keys(credentialFilterValueChecks).sort()).toEqual(Object.keys(credentialFilters.shape).filter((k) => k !== "limit").sort());
  });

  it("has enough controls in the catalog to probe the 20-control limit", () => {
    expect(refs.length).toBeGreaterThan(20);
  });

  it.each(Object.entries(credentialFilterValueChecks))("%s accepts what credentialFilters accepts", (name, check) => {
    const schema = credentialFilters.shape[name as keyof typeof credentialFilters.shape];
    const disagreements = corpus.filter((value) => check(value) !== schema.safeParse(value).success);
    expect(disagreements).toEqual([]);
  });
});
