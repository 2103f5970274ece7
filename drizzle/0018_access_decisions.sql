-- The point-in-time views use credential_grants' row type: PostgreSQL refuses to add a column with a
-- default while they do (DESIGN §8.6). They are rebuilt by history.refresh_views() after the migration run.
DROP SCHEMA IF EXISTS as_of CASCADE;--> statement-breakpoint
CREATE TYPE "public"."grant_status" AS ENUM('requested', 'approved', 'rejected', 'revoked', 'expired');--> statement-breakpoint
CREATE TYPE "public"."grant_decision_action" AS ENUM('requested', 'approved', 'rejected', 'revoked', 'expired', 'kept', 'reduced', 'removed');--> statement-breakpoint
CREATE TABLE "grant_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grant_id" uuid,
	"credential_id" uuid NOT NULL,
	"api_id" uuid NOT NULL,
	"action" "grant_decision_action" NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"justification" text,
	"scopes_before" text[] DEFAULT '{}'::text[] NOT NULL,
	"scopes_after" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
-- Grants recorded before decisions existed migrate as approved by an unknown approver (issue 14): the
-- column is added with 'approved' so every existing row gets it, then new rows default to 'requested'.
ALTER TABLE "credential_grants" ADD COLUMN "status" "grant_status" DEFAULT 'approved' NOT NULL;--> statement-breakpoint
ALTER TABLE "credential_grants" ALTER COLUMN "status" SET DEFAULT 'requested';--> statement-breakpoint
ALTER TABLE "credential_grants" ADD COLUMN "requested_by_id" uuid;--> statement-breakpoint
ALTER TABLE "credential_grants" ADD COLUMN "decided_by_id" uuid;--> statement-breakpoint
ALTER TABLE "credential_grants" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "credential_grants" ADD COLUMN "review_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grant_decisions" ADD CONSTRAINT "grant_decisions_grant_id_credential_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."credential_grants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_decisions" ADD CONSTRAINT "grant_decisions_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_decisions" ADD CONSTRAINT "grant_decisions_api_id_apis_id_fk" FOREIGN KEY ("api_id") REFERENCES "public"."apis"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grant_decisions_credential_idx" ON "grant_decisions" USING btree ("credential_id","at");--> statement-breakpoint
CREATE INDEX "grant_decisions_grant_idx" ON "grant_decisions" USING btree ("grant_id","at");--> statement-breakpoint
CREATE INDEX "credential_grants_api_status_idx" ON "credential_grants" USING btree ("api_id","status","review_due_at");--> statement-breakpoint
CREATE INDEX "credential_grants_review_due_idx" ON "credential_grants" USING btree ("review_due_at") WHERE "credential_grants"."status" = 'approved';;--> statement-breakpoint
UPDATE "credential_grants" SET "decided_at" = "created_at";--> statement-breakpoint
INSERT INTO "grant_decisions" ("grant_id", "credential_id", "api_id", "action", "actor_id", "at", "justification", "scopes_before", "scopes_after")
SELECT g."id", g."credential_id", g."api_id", 'approved', NULL, g."created_at", 'Recorded before access decisions: approver unknown', '{}'::text[],
  coalesce((SELECT array_agg(s."name" ORDER BY s."name") FROM "credential_grant_scopes" gs JOIN "api_scopes" s ON s."id" = gs."scope_id" WHERE gs."grant_id" = g."id"), '{}'::text[])
FROM "credential_grants" g;

