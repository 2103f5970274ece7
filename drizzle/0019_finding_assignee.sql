-- A nullable column on a tracked table: the point-in-time views are dropped first and rebuilt by
-- history.refresh_views() after the run (DESIGN §8.6), so PostgreSQL never refuses the change over them.
DROP SCHEMA IF EXISTS as_of CASCADE;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "assignee_person_id" uuid;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_assignee_person_id_people_id_fk" FOREIGN KEY ("assignee_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "findings_assignee_status_rank_age_idx" ON "findings" USING btree ("assignee_person_id","status","severity" DESC NULLS FIRST,"opened_at","id");