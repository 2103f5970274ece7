CREATE TABLE "inventory_snapshots" (
	"day" date NOT NULL,
	"team_id" uuid,
	"environment" "environment" NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"credentials" integer NOT NULL,
	"active" integer NOT NULL,
	"suspended" integer NOT NULL,
	"decommissioned" integer NOT NULL,
	"accountable" integer NOT NULL,
	"orphaned" integer NOT NULL,
	"rotations_overdue" integer NOT NULL,
	"rotations_due_30" integer NOT NULL,
	"reviews_overdue" integer NOT NULL,
	"third_party" integer NOT NULL,
	"third_party_review_overdue" integer NOT NULL,
	"third_party_never_reviewed" integer NOT NULL,
	"healthy" integer NOT NULL,
	"findings_critical" integer NOT NULL,
	"findings_high" integer NOT NULL,
	"findings_medium" integer NOT NULL,
	"findings_low" integer NOT NULL,
	"findings_by_rule" jsonb NOT NULL,
	"leaks_open" integer NOT NULL,
	"leaks_remediated_90" integer NOT NULL,
	"leak_remediation_seconds_90" bigint NOT NULL,
	"rotations_completed_90" integer NOT NULL,
	"rotations_on_time_90" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rotation_requests" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_snapshots_day_team_env_key" ON "inventory_snapshots" USING btree ("day",coalesce("team_id", '00000000-0000-0000-0000-000000000000'::uuid),"environment");--> statement-breakpoint
CREATE INDEX "inventory_snapshots_team_day_idx" ON "inventory_snapshots" USING btree ("team_id","day");--> statement-breakpoint
CREATE INDEX "rotation_requests_completed_idx" ON "rotation_requests" USING btree ("completed_at","id") WHERE "rotation_requests"."state" = 'completed';