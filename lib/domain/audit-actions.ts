/** Every audit action Steward writes. A closed list keeps the log filterable and typo-free. */
export const auditActions = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_out",
  "auth.password_set",
  "authz.denied",
  "setup.completed",
  "user.created",
  "user.updated",
  "user.invite_reissued",
  "person.created",
  "person.updated",
  "team.created",
  "team.updated",
  "audit.verified",
] as const;

export type AuditAction = (typeof auditActions)[number];
