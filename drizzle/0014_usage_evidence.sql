CREATE TYPE "public"."usage_decision" AS ENUM('allow', 'deny');--> statement-breakpoint
CREATE TYPE "public"."usage_event_kind" AS ENUM('token_issued', 'api_decision');--> statement-breakpoint
CREATE TABLE "usage_clients" (
	"issuer" text NOT NULL,
	"client_id" text NOT NULL,
	"credential_id" uuid,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"events" integer DEFAULT 0 NOT NULL,
	"audiences" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "usage_clients_issuer_client_id_pk" PRIMARY KEY("issuer","client_id")
);
--> statement-breakpoint
CREATE TABLE "usage_daily" (
	"day" date NOT NULL,
	"subject" text NOT NULL,
	"credential_id" uuid,
	"issuer" text DEFAULT '' NOT NULL,
	"client_id" text DEFAULT '' NOT NULL,
	"audience" text DEFAULT '' NOT NULL,
	"api_id" uuid,
	"scope" text DEFAULT '' NOT NULL,
	"issued" integer DEFAULT 0 NOT NULL,
	"allowed" integer DEFAULT 0 NOT NULL,
	"denied" integer DEFAULT 0 NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"max_ttl_seconds" integer,
	CONSTRAINT "usage_daily_day_subject_audience_scope_pk" PRIMARY KEY("day","subject","audience","scope")
);
--> statement-breakpoint
CREATE TABLE "usage_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" text NOT NULL,
	"source" text NOT NULL,
	"kind" "usage_event_kind" NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issuer" text,
	"client_id" text,
	"credential_id" uuid,
	"audience" text,
	"api_id" uuid,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"decision" "usage_decision",
	"reason" text,
	"expires_in_seconds" integer
);
--> statement-breakpoint
ALTER TABLE "usage_clients" ADD CONSTRAINT "usage_clients_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_api_id_apis_id_fk" FOREIGN KEY ("api_id") REFERENCES "public"."apis"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_api_id_apis_id_fk" FOREIGN KEY ("api_id") REFERENCES "public"."apis"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_clients_unknown_idx" ON "usage_clients" USING btree ("last_seen_at") WHERE "usage_clients"."credential_id" is null;--> statement-breakpoint
CREATE INDEX "usage_daily_credential_idx" ON "usage_daily" USING btree ("credential_id","day");--> statement-breakpoint
CREATE INDEX "usage_daily_api_idx" ON "usage_daily" USING btree ("api_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_events_event_id_key" ON "usage_events" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "usage_events_occurred_idx" ON "usage_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "usage_events_credential_idx" ON "usage_events" USING btree ("credential_id","occurred_at");