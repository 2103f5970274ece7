/** Team kinds (DESIGN §3.3), zod-free for client components; lib/validation/org builds its z.enum from it. */
export const teamKinds = ["application", "platform", "identity-governance", "security", "vendor-management"] as const;
