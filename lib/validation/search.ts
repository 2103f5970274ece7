import { z } from "zod";
import { unstorableTextProblem } from "./common";

/** What the command palette searches (DESIGN §6): each kind under its own read permission. */
export const searchKinds = ["credential", "person", "team", "api"] as const;
export type SearchKind = (typeof searchKinds)[number];

export const searchQuery = z.object({
  q: z
    .string({ error: "is required" })
    .trim()
    .min(2, "must be at least 2 characters")
    .max(100, "must be at most 100 characters")
    .refine((q) => unstorableTextProblem(q) === null, "must be valid text"),
  /** Results per kind (top N by name, prefix matches first): a palette, not a list to page through. */
  limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(10, "must be at most 10").default(5),
});
export type SearchQuery = z.output<typeof searchQuery>;

export const searchResultDto = z.object({
  kind: z.enum(searchKinds),
  id: z.string(),
  title: z.string(),
  /** A second line: a credential's client id and environment, a person's email, a team's kind, an API's audience. */
  subtitle: z.string().nullable(),
});
export type SearchResult = z.output<typeof searchResultDto>;

export const searchDto = z.object({ items: z.array(searchResultDto) });
