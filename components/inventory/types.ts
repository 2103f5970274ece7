import type { z } from "zod";
import type { credentialListItemDto, credentialPageDto, dueBucketDto, leakMatchDto, scopeDto, secretDto } from "@/lib/validation/inventory-dto";

/** Wire shapes (dates as ISO strings): what GET /api/v1/credentials returns and what server pages hand to client components. */
export type CredentialRow = z.output<typeof credentialListItemDto>;
export type CredentialPage = z.output<typeof credentialPageDto>;
export type DueBucket = z.output<typeof dueBucketDto>;
export type Scope = z.output<typeof scopeDto>;
export type SecretRow = z.output<typeof secretDto>;
export type LeakMatches = z.output<typeof leakMatchDto>;

export type Option = { id: string; name: string; hint?: string | undefined };
export type PersonOption = Option & { isActive: boolean };
