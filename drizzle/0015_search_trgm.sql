CREATE INDEX "people_name_trgm_idx" ON "people" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "people_email_trgm_idx" ON "people" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "teams_name_trgm_idx" ON "teams" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "apis_name_trgm_idx" ON "apis" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "apis_audience_trgm_idx" ON "apis" USING gin ("audience" gin_trgm_ops);