CREATE INDEX "credentials_sdk_due_idx" ON "credentials" USING btree ("sdk_name",coalesce("rotation_due_at", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "credentials_token_cache_due_idx" ON "credentials" USING btree ("token_cache",coalesce("rotation_due_at", 'infinity'::timestamptz),"id");--> statement-breakpoint
-- The inventory's three sort indexes carry name and client_id (INCLUDE, which drizzle's schema cannot
-- say): a search whose matches lie deep in the sort order (db/queries/credentials.ts listCredentials,
-- ids first, then the page's rows) filters index entries in an index-only scan instead of reading a
-- heap row for every credential it skips (issue 17: "payments" read 23,447 buffers at 1,000,000).
-- The due column itself is included too: PostgreSQL plans an index-only scan of an expression index
-- only when the columns under the expression are in the index.
DROP INDEX "credentials_rotation_due_key_idx";--> statement-breakpoint
CREATE INDEX "credentials_rotation_due_key_idx" ON "credentials" USING btree (coalesce("rotation_due_at", 'infinity'::timestamptz),"id") INCLUDE ("rotation_due_at","name","client_id");--> statement-breakpoint
DROP INDEX "credentials_review_due_key_idx";--> statement-breakpoint
CREATE INDEX "credentials_review_due_key_idx" ON "credentials" USING btree (coalesce("review_due_at", 'infinity'::timestamptz),"id") INCLUDE ("review_due_at","name","client_id");--> statement-breakpoint
DROP INDEX "credentials_name_idx";--> statement-breakpoint
CREATE INDEX "credentials_name_idx" ON "credentials" USING btree ("name","id") INCLUDE ("client_id");
