ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_credential_id_credentials_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_api_id_apis_id_fk";
--> statement-breakpoint
DROP INDEX "usage_events_occurred_idx";--> statement-breakpoint
CREATE INDEX "usage_events_occurred_idx" ON "usage_events" USING brin ("occurred_at");--> statement-breakpoint
-- Rollup rows are updated by every batch that touches their key and no indexed column changes, so
-- with free space on the page the update is HOT (no index entries written); full pages force a new
-- index entry in every index per update. Applies to pages written from now on.
ALTER TABLE "usage_daily" SET (fillfactor = 70);
--> statement-breakpoint
ALTER TABLE "usage_clients" SET (fillfactor = 70);
--> statement-breakpoint
ALTER TABLE "credential_grant_scopes" SET (fillfactor = 80);
