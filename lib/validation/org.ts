import { z } from "zod";
import { booleanParam, emailField, idField, keyField, listQuery, nameField } from "./common";

import { teamKinds } from "@/lib/domain/vocabulary/org";

export { teamKinds };
export const teamKindField = z.enum(teamKinds, { error: `must be one of ${teamKinds.join(", ")}` });

export const createPersonInput = z.object({
  email: emailField,
  name: nameField,
  isActive: z.boolean().default(true),
});
export const updatePersonInput = z
  .object({ email: emailField.optional(), name: nameField.optional(), isActive: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, "nothing to change");

export const personFilters = listQuery.extend({ active: booleanParam.optional() });

export const personDto = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  isActive: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

const memberIdsField = z
  .array(idField)
  .max(1000, "must list at most 1000 members")
  .refine((ids) => new Set(ids).size === ids.length, "must not repeat a person");

export const createTeamInput = z.object({
  key: keyField.optional(),
  name: nameField,
  kind: teamKindField,
  memberIds: memberIdsField.default([]),
});
export const updateTeamInput = z
  .object({ key: keyField.optional(), name: nameField.optional(), kind: teamKindField.optional(), memberIds: memberIdsField.optional() })
  .refine((v) => Object.keys(v).length > 0, "nothing to change");

export const teamFilters = listQuery.extend({ kind: teamKindField.optional() });

export const teamDto = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  kind: teamKindField,
  memberCount: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const teamDetailDto = teamDto.extend({
  members: z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string(), isActive: z.boolean() })),
});

export type CreatePersonInput = z.infer<typeof createPersonInput>;
export type UpdatePersonInput = z.infer<typeof updatePersonInput>;
export type CreateTeamInput = z.infer<typeof createTeamInput>;
export type UpdateTeamInput = z.infer<typeof updateTeamInput>;
