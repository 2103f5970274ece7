import { z } from "zod";
import { frameworkIds } from "@/lib/domain/catalog/types";
import { ruleIds } from "@/lib/domain/posture/types";
import { asOfField, cursorField, idField, INVALID_CURSOR, isInstantText } from "./common";
import { controlMatchField, controlRefList } from "./inventory";

/** Findings, controls and the catalog (DESIGN §5, §6). Client-safe. */
const environments = ["production", "staging", "development", "test"] as const;
const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of: ${values.join(", ")}` });

export const findingStatuses = ["open", "excepted", "resolved"] as const;
export const severities = ["critical", "high", "medium", "low"] as const;

/** The findings list's cursor: its "name" is "severity|opened_at" (most severe first, then oldest). */
const findingCursorField = cursorField.refine((c) => {
  const [severity = "", openedAt = "", ...rest] = c.name.split("|");
  return rest.length === 0 && (severities as readonly string[]).includes(severity) && isInstantText(openedAt);
}, INVALID_CURSOR);

export const findingFilters = z.object({
  status: oneOf(findingStatuses).default("open"),
  severity: oneOf(severities).optional(),
  rule: oneOf(ruleIds).optional(),
  /**
   * Findings of the rules mapped to these controls, as "framework/oscalId" (e.g. owasp-nhi-2025/nhi1-2025),
   * repeated or comma-separated. With controlMatch=all (the default) only on credentials that have a
   * finding in the same state for every one of them ("fails PR.AA-05 and NHI7"); with any, for at least one.
   */
  control: controlRefList.optional(),
  controlMatch: controlMatchField.optional(),
  teamId: idField.optional(),
  environment: oneOf(environments).optional(),
  credentialId: idField.optional(),
  /** Findings assigned to this person (issue 16 triage). */
  assigneeId: idField.optional(),
  cursor: findingCursorField.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Read the findings as they were at this past instant (DESIGN §8.6). */
  asOf: asOfField,
});
export type FindingFilters = z.output<typeof findingFilters>;

export const controlScopeQuery = z.object({
  teamId: idField.optional(),
  environment: oneOf(environments).optional(),
});

export const frameworkParam = z.object({ framework: oneOf(frameworkIds) });
export const controlParams = z.object({ framework: oneOf(frameworkIds), control: z.string().trim().min(1).max(100) });
export const controlPageQuery = controlScopeQuery.extend({ cursor: cursorField.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
export const catalogQuery = z.object({ q: z.string().trim().max(100).optional() });

const iso = z.iso.datetime({ offset: true });
const controlDto = z.object({ framework: oneOf(frameworkIds), id: z.string(), oscalId: z.string(), title: z.string(), description: z.string(), aliases: z.array(z.string()), rules: z.array(z.string()) });
const countsDto = z.object({ pass: z.number().int(), fail: z.number().int(), excepted: z.number().int(), notApplicable: z.number().int(), coverage: z.number().nullable() });

export const findingListItemDto = z.object({
  id: z.uuid(),
  ruleId: z.string(),
  ruleTitle: z.string(),
  severity: oneOf(severities),
  status: oneOf(findingStatuses),
  summary: z.string(),
  fix: z.string().nullable(),
  openedAt: iso,
  resolvedAt: iso.nullable(),
  exceptionId: z.uuid().nullable(),
  credential: z.object({ id: z.uuid(), name: z.string(), environment: z.string(), teamName: z.string().nullable() }),
  /** Who works on it (issue 16 triage); null while nobody is assigned. */
  assignee: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});
export const findingPageDto = z.object({ items: z.array(findingListItemDto), nextCursor: z.string().nullable() });

export const catalogDto = z.object({
  frameworks: z.array(z.object({ id: oneOf(frameworkIds), name: z.string(), shortName: z.string(), publisher: z.string(), version: z.string(), url: z.string() })),
  controls: z.array(controlDto.extend({ match: z.enum(["id", "alias", "title"]).optional(), note: z.string().optional() })),
});

export const coverageDto = z.object({
  credentials: z.number().int(),
  frameworks: z.array(z.object({ id: oneOf(frameworkIds), name: z.string(), totals: countsDto, controls: z.array(controlDto.extend({ counts: countsDto })) })),
});

export const failingCredentialsDto = z.object({
  control: controlDto,
  items: z.array(z.object({ id: z.uuid(), key: z.string(), name: z.string(), environment: z.string(), teamName: z.string().nullable(), ownerName: z.string().nullable(), rules: z.array(z.string()), excepted: z.boolean() })),
  nextCursor: z.string().nullable(),
});

export const credentialControlsDto = z.object({
  items: z.array(z.object({ control: controlDto, status: z.enum(["pass", "fail", "excepted", "not_applicable"]), evidence: z.array(z.object({ id: z.uuid(), ruleId: z.string(), status: z.enum(["open", "excepted"]), severity: z.string() })) })),
});
