import { z } from "zod";
import { importModes } from "./results";

/** Query strings of the inventory file endpoints (DESIGN §8.2). */
export const inventoryFormats = ["json", "csv"] as const;

export const inventoryExportQuery = z.object({
  format: z.enum(inventoryFormats, { error: "must be json or csv" }).default("json"),
});

export const inventoryImportQuery = z.object({
  format: z.enum(inventoryFormats, { error: "must be json or csv" }).default("json"),
  mode: z.enum(importModes, { error: `must be one of ${importModes.join(", ")}` }).default("dry-run"),
});

export { MAX_IMPORT_BYTES } from "./limits";
