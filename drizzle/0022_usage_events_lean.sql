-- Raw usage events pay for every index on every inserted row (issue 14's ingest target). The surrogate
-- uuid key goes (a random-order btree and a uuid per event); the event id, unique already, becomes the
-- key; only denials are indexed by credential, the one raw read by credential (recent denials).
ALTER TABLE "usage_events" DROP COLUMN "id";--> statement-breakpoint
DROP INDEX "usage_events_event_id_key";--> statement-breakpoint
ALTER TABLE "usage_events" ADD PRIMARY KEY ("event_id");--> statement-breakpoint
DROP INDEX "usage_events_credential_idx";--> statement-breakpoint
CREATE INDEX "usage_events_denied_idx" ON "usage_events" USING btree ("credential_id","occurred_at") WHERE "usage_events"."kind" = 'api_decision' and "usage_events"."decision" = 'deny';
