import { z } from "zod";

/** The answer to a usage batch (DESIGN §8.6): events read, new ones stored, re-sent ones ignored. */
export const ingestResultDto = z.object({
  received: z.number().int(),
  accepted: z.number().int(),
  duplicates: z.number().int(),
});
export type IngestResultDto = z.output<typeof ingestResultDto>;
