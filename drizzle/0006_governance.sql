CREATE TABLE "finding_exceptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" text NOT NULL,
	"credential_id" uuid,
	"filter" jsonb,
	"justification" text NOT NULL,
	"compensating_control" text NOT NULL,
	"approver_person_id" uuid NOT NULL,
	"created_by_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by_id" uuid,
	"revoke_reason" text,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "findings_open_rule_credential_key";--> statement-breakpoint
-- A new enum value cannot be used in the transaction that adds it (ALTER TYPE … ADD VALUE), and the
-- migrations run in one transaction: recreate the type with the value instead.
ALTER TYPE "public"."finding_status" RENAME TO "finding_status_old";--> statement-breakpoint
CREATE TYPE "public"."finding_status" AS ENUM('open', 'resolved', 'excepted');--> statement-breakpoint
ALTER TABLE "findings" ALTER COLUMN "status" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "findings" ALTER COLUMN "status" TYPE "public"."finding_status" USING "status"::text::"public"."finding_status";--> statement-breakpoint
ALTER TABLE "findings" ALTER COLUMN "status" SET DEFAULT 'open';--> statement-breakpoint
DROP TYPE "public"."finding_status_old";--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "applicable_rules" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "posture_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "exception_id" uuid;--> statement-breakpoint
ALTER TABLE "finding_exceptions" ADD CONSTRAINT "finding_exceptions_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_exceptions" ADD CONSTRAINT "finding_exceptions_approver_person_id_people_id_fk" FOREIGN KEY ("approver_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_exceptions" ADD CONSTRAINT "finding_exceptions_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_exceptions" ADD CONSTRAINT "finding_exceptions_revoked_by_id_users_id_fk" FOREIGN KEY ("revoked_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "finding_exceptions_rule_credential_idx" ON "finding_exceptions" USING btree ("rule_id","credential_id");--> statement-breakpoint
CREATE INDEX "finding_exceptions_credential_idx" ON "finding_exceptions" USING btree ("credential_id");--> statement-breakpoint
CREATE INDEX "finding_exceptions_live_expiry_idx" ON "finding_exceptions" USING btree ("expires_at") WHERE "finding_exceptions"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "finding_exceptions_created_idx" ON "finding_exceptions" USING btree ("created_at","id");--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_exception_id_finding_exceptions_id_fk" FOREIGN KEY ("exception_id") REFERENCES "public"."finding_exceptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credentials_posture_checked_idx" ON "credentials" USING btree (coalesce("posture_checked_at", '-infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "findings_exception_idx" ON "findings" USING btree ("exception_id");--> statement-breakpoint
CREATE INDEX "findings_status_opened_idx" ON "findings" USING btree ("status","opened_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "findings_open_rule_credential_key" ON "findings" USING btree ("rule_id","credential_id") WHERE "findings"."status" in ('open', 'excepted');