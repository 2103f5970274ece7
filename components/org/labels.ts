import type { teamKinds } from "@/lib/validation/org";

/** Team kinds in words. A plain module (not "use client"), so server pages read the values, not a client reference. */
export const teamKindLabels: Record<(typeof teamKinds)[number], string> = {
  application: "Application team",
  platform: "Platform team",
  "identity-governance": "Identity governance",
  security: "Security",
  "vendor-management": "Vendor management",
};
