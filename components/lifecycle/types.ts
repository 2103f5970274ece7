import type { Queryable } from "@/db/client";
import type { ActorFacts } from "@/lib/authz/ownership";
import type { Actor } from "@/lib/server/context";

/** What every section of a credential's Lifecycle tab receives (server components). */
export type LifecycleSectionProps = {
  db: Queryable;
  credentialId: string;
  actor: Actor;
  facts: ActorFacts;
  /** The actor may edit this credential (role + record rules). */
  mayEdit: boolean;
  decommissioned: boolean;
};
