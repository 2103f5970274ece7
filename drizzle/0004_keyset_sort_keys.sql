DROP INDEX "credentials_rotation_due_idx";--> statement-breakpoint
DROP INDEX "credentials_review_due_idx";--> statement-breakpoint
DROP INDEX "credentials_team_env_due_idx";--> statement-breakpoint
DROP INDEX "credentials_env_idx";--> statement-breakpoint
CREATE INDEX "credentials_rotation_due_key_idx" ON "credentials" USING btree (coalesce("rotation_due_at", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "credentials_review_due_key_idx" ON "credentials" USING btree (coalesce("review_due_at", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "credentials_rotation_due_idx" ON "credentials" USING btree ("rotation_due_at");--> statement-breakpoint
CREATE INDEX "credentials_review_due_idx" ON "credentials" USING btree ("review_due_at");--> statement-breakpoint
CREATE INDEX "credentials_team_env_due_idx" ON "credentials" USING btree ("owning_team_id","environment",coalesce("rotation_due_at", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "credentials_env_idx" ON "credentials" USING btree ("environment",coalesce("rotation_due_at", 'infinity'::timestamptz),"id");