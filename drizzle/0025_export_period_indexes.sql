CREATE INDEX "findings_opened_idx" ON "findings" USING btree ("opened_at","id");--> statement-breakpoint
CREATE INDEX "leak_incidents_detected_idx" ON "leak_incidents" USING btree ("detected_at","id");--> statement-breakpoint
CREATE INDEX "reviews_created_idx" ON "reviews" USING btree ("created_at","id");