import { z } from "zod";
import { roles } from "@/lib/authz/permissions";
import { booleanParam, emailField, listQuery, nameField, passwordField } from "./common";

export const roleField = z.enum(roles, { error: `must be one of ${roles.join(", ")}` });

export const createUserInput = z.object({ email: emailField, name: nameField, role: roleField });
export type CreateUserInput = z.infer<typeof createUserInput>;

export const updateUserInput = z
  .object({ name: nameField.optional(), role: roleField.optional(), isActive: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, "nothing to change");
export type UpdateUserInput = z.infer<typeof updateUserInput>;

export const userFilters = listQuery.extend({
  role: roleField.optional(),
  active: booleanParam.optional(),
});

export const userDto = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: roleField,
  isActive: z.boolean(),
  hasPassword: z.boolean(),
  lastSignInAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

/** The invitation link is returned once, at creation (or re-issue), and never stored in clear. */
export const createdUserDto = z.object({ user: userDto, inviteUrl: z.string(), inviteExpiresAt: z.iso.datetime() });

export const setupInput = z.object({
  email: emailField,
  name: nameField,
  password: passwordField,
  // An HTML checkbox: "on" when ticked, absent otherwise.
  demo: z.literal("on", { error: "must be on or absent" }).optional(),
});
export const signInInput = z.object({
  email: emailField,
  password: z.string().min(1, "is required").max(256),
});
export const setPasswordInput = z.object({
  token: z.string().min(20, "is not a valid link").max(200),
  password: passwordField,
});
