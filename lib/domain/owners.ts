/**
 * The owner / backup owner pair (DESIGN §3.3, §4.2): the backup owner stands in when the owner
 * cannot, and approves rotations as the second person. One person in both roles defeats both, so
 * every path that sets owners (form, API, import, bulk reassignment) asks these rules.
 */

export const BACKUP_MUST_DIFFER = "must be a different person from the owner: the backup owner stands in when the owner cannot";
export const OWNER_MUST_DIFFER = "must be a different person from the backup owner: choose another owner or another backup owner first";

type Ref = string | null | undefined;

/** Both roles set, to the same person. */
export function isBackupSameAsOwner(owner: Ref, backupOwner: Ref): boolean {
  return typeof owner === "string" && owner !== "" && owner === backupOwner;
}

/**
 * The field error for a credential whose owners (after the change) are one person, or null. It
 * names the field the change gave: the backup owner, unless only the owner was given.
 */
export function backupOwnerClash(after: { ownerId: Ref; backupOwnerId: Ref }, given: { ownerId?: Ref; backupOwnerId?: Ref }): Record<string, string[]> | null {
  if (!isBackupSameAsOwner(after.ownerId, after.backupOwnerId)) return null;
  return given.backupOwnerId === undefined && given.ownerId !== undefined ? { ownerId: [OWNER_MUST_DIFFER] } : { backupOwnerId: [BACKUP_MUST_DIFFER] };
}

/**
 * One credential in a bulk reassignment: each chosen role `from` holds passes to `to`. When `to`
 * would then be owner and backup owner at once, they keep the owner role (the backup owner exists
 * to take over) and the backup slot is left empty for a new person, rather than refusing the move.
 */
export function reassignRoles<R extends string>(
  holders: Record<R | "owner" | "backupOwner", string | null>,
  from: string,
  to: string,
  roles: readonly R[],
): { next: Record<R | "owner" | "backupOwner", string | null>; backupVacated: boolean } {
  const next = { ...holders };
  for (const role of roles) if (holders[role] === from) next[role] = to;
  const backupVacated = next.owner === to && next.backupOwner === to;
  if (backupVacated) next.backupOwner = null;
  return { next, backupVacated };
}
