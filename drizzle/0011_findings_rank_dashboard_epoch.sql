CREATE TABLE "dashboard_inputs" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"epoch" bigint DEFAULT 0 NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dashboard_inputs_one_row" CHECK ("dashboard_inputs"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "inventory_snapshots" ADD COLUMN "inputs_epoch" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "findings_status_rank_age_idx" ON "findings" USING btree ("status","severity" DESC NULLS FIRST,"opened_at","id");