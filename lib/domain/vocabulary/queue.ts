/* Zod-free for client components (the reassign form); lib/validation/queue builds its z.enum fields from these. */

/** The ownership roles a bulk reassignment can move (DESIGN §3.3, §4.4), in display order. */
export const ownershipRoles = ["owner", "backupOwner", "sdkOwner", "rotationOwner", "revocationOwner"] as const;
export type OwnershipRole = (typeof ownershipRoles)[number];

export const ownershipRoleLabels: Record<OwnershipRole, string> = {
  owner: "Owner",
  backupOwner: "Backup owner",
  sdkOwner: "SDK owner",
  rotationOwner: "Rotation owner",
  revocationOwner: "Revocation owner",
};

/** The roles whose holder leaving makes a credential orphaned (DESIGN §4.4). */
export const orphaningRoles = ["owner", "backupOwner", "sdkOwner"] as const satisfies readonly OwnershipRole[];

