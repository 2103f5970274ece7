CREATE TYPE "public"."decommission_reason" AS ENUM('no_longer_needed', 'compromised', 'owner_departed', 'application_retired', 'review_revoke');--> statement-breakpoint
CREATE TYPE "public"."campaign_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."finding_severity" AS ENUM('low', 'medium', 'high', 'critical');--> statement-breakpoint
CREATE TYPE "public"."finding_status" AS ENUM('open', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."leak_incident_status" AS ENUM('open', 'remediated');--> statement-breakpoint
CREATE TYPE "public"."old_secret_disposition" AS ENUM('superseded', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."review_decision" AS ENUM('keep', 'reduce_scope', 'revoke');--> statement-breakpoint
CREATE TYPE "public"."review_task_status" AS ENUM('open', 'done', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."rotation_reason" AS ENUM('scheduled', 'compromise', 'owner_departure', 'policy_change', 'other');--> statement-breakpoint
CREATE TYPE "public"."rotation_state" AS ENUM('requested', 'approved', 'completed', 'rejected', 'cancelled', 'expired');--> statement-breakpoint
CREATE TYPE "public"."calendar_feed_scope" AS ENUM('user', 'team');--> statement-breakpoint
CREATE TYPE "public"."delivery_status" AS ENUM('pending', 'sent', 'failed');--> statement-breakpoint
CREATE TYPE "public"."notification_channel" AS ENUM('email', 'webhook', 'in_app');--> statement-breakpoint
CREATE TABLE "findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" text NOT NULL,
	"credential_id" uuid NOT NULL,
	"severity" "finding_severity" NOT NULL,
	"status" "finding_status" DEFAULT 'open' NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolution" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leak_incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"credential_id" uuid NOT NULL,
	"secret_id" uuid NOT NULL,
	"source" text NOT NULL,
	"detected_at" timestamp with time zone NOT NULL,
	"status" "leak_incident_status" DEFAULT 'open' NOT NULL,
	"opened_by_id" uuid,
	"rotation_request_id" uuid,
	"remediated_at" timestamp with time zone,
	"remediation_seconds" integer,
	"remediation" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"filter" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" "campaign_status" DEFAULT 'open' NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"credential_id" uuid NOT NULL,
	"assignee_person_id" uuid,
	"status" "review_task_status" DEFAULT 'open' NOT NULL,
	"review_id" uuid,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"credential_id" uuid NOT NULL,
	"reviewer_id" uuid,
	"reviewer_person_id" uuid,
	"decision" "review_decision" NOT NULL,
	"notes" text,
	"campaign_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rotation_approvals" (
	"request_id" uuid NOT NULL,
	"approver_id" uuid NOT NULL,
	"approver_person_id" uuid,
	"is_security" boolean NOT NULL,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rotation_approvals_request_id_approver_id_pk" PRIMARY KEY("request_id","approver_id")
);
--> statement-breakpoint
CREATE TABLE "rotation_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"credential_id" uuid NOT NULL,
	"secret_id" uuid,
	"state" "rotation_state" DEFAULT 'requested' NOT NULL,
	"reason" "rotation_reason" NOT NULL,
	"note" text,
	"planned_at" timestamp with time zone NOT NULL,
	"requester_id" uuid,
	"requester_person_id" uuid,
	"approvals_required" integer NOT NULL,
	"security_approval_required" boolean NOT NULL,
	"eligible_owner_person_id" uuid,
	"eligible_backup_owner_person_id" uuid,
	"break_glass" boolean DEFAULT false NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by_id" uuid,
	"decision_note" text,
	"completed_at" timestamp with time zone,
	"new_secret_id" uuid,
	"old_secret_disposition" "old_secret_disposition",
	"checklist_deployed" boolean DEFAULT false NOT NULL,
	"checklist_old_revoked" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scope" "calendar_feed_scope" NOT NULL,
	"user_id" uuid,
	"team_id" uuid,
	"token_hash" text NOT NULL,
	"token_hint" text NOT NULL,
	"created_by_id" uuid,
	"revoked_at" timestamp with time zone,
	"last_fetched_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"name" text PRIMARY KEY NOT NULL,
	"last_started_at" timestamp with time zone,
	"last_finished_at" timestamp with time zone,
	"last_result" jsonb,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notification_id" uuid NOT NULL,
	"channel" "notification_channel" NOT NULL,
	"target_key" text NOT NULL,
	"recipient_user_id" uuid,
	"recipient_person_id" uuid,
	"email" text,
	"webhook_id" uuid,
	"status" "delivery_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"credential_id" uuid,
	"team_id" uuid,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"team_id" uuid,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "decommissioned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "decommission_reason" "decommission_reason";--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "disabled_at_server_confirmed" boolean;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "decommissioned_by_id" uuid;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leak_incidents" ADD CONSTRAINT "leak_incidents_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leak_incidents" ADD CONSTRAINT "leak_incidents_secret_id_secrets_id_fk" FOREIGN KEY ("secret_id") REFERENCES "public"."secrets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leak_incidents" ADD CONSTRAINT "leak_incidents_opened_by_id_users_id_fk" FOREIGN KEY ("opened_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leak_incidents" ADD CONSTRAINT "leak_incidents_rotation_request_id_rotation_requests_id_fk" FOREIGN KEY ("rotation_request_id") REFERENCES "public"."rotation_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_campaigns" ADD CONSTRAINT "review_campaigns_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_tasks" ADD CONSTRAINT "review_tasks_campaign_id_review_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."review_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_tasks" ADD CONSTRAINT "review_tasks_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_tasks" ADD CONSTRAINT "review_tasks_assignee_person_id_people_id_fk" FOREIGN KEY ("assignee_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_tasks" ADD CONSTRAINT "review_tasks_review_id_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_reviewer_person_id_people_id_fk" FOREIGN KEY ("reviewer_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_campaign_id_review_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."review_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_approvals" ADD CONSTRAINT "rotation_approvals_request_id_rotation_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."rotation_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_approvals" ADD CONSTRAINT "rotation_approvals_approver_id_users_id_fk" FOREIGN KEY ("approver_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_approvals" ADD CONSTRAINT "rotation_approvals_approver_person_id_people_id_fk" FOREIGN KEY ("approver_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_requests" ADD CONSTRAINT "rotation_requests_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_requests" ADD CONSTRAINT "rotation_requests_secret_id_secrets_id_fk" FOREIGN KEY ("secret_id") REFERENCES "public"."secrets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_requests" ADD CONSTRAINT "rotation_requests_requester_id_users_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_requests" ADD CONSTRAINT "rotation_requests_requester_person_id_people_id_fk" FOREIGN KEY ("requester_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_requests" ADD CONSTRAINT "rotation_requests_eligible_owner_person_id_people_id_fk" FOREIGN KEY ("eligible_owner_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_requests" ADD CONSTRAINT "rotation_requests_eligible_backup_owner_person_id_people_id_fk" FOREIGN KEY ("eligible_backup_owner_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_requests" ADD CONSTRAINT "rotation_requests_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_requests" ADD CONSTRAINT "rotation_requests_new_secret_id_secrets_id_fk" FOREIGN KEY ("new_secret_id") REFERENCES "public"."secrets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_recipient_user_id_users_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_recipient_person_id_people_id_fk" FOREIGN KEY ("recipient_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_webhook_id_webhook_endpoints_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "findings_open_rule_credential_key" ON "findings" USING btree ("rule_id","credential_id") WHERE "findings"."status" = 'open';--> statement-breakpoint
CREATE INDEX "findings_credential_idx" ON "findings" USING btree ("credential_id","status");--> statement-breakpoint
CREATE INDEX "findings_status_severity_idx" ON "findings" USING btree ("status","severity","opened_at","id");--> statement-breakpoint
CREATE INDEX "findings_rule_status_idx" ON "findings" USING btree ("rule_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "leak_incidents_open_secret_key" ON "leak_incidents" USING btree ("secret_id") WHERE "leak_incidents"."status" = 'open';--> statement-breakpoint
CREATE INDEX "leak_incidents_status_idx" ON "leak_incidents" USING btree ("status","detected_at","id");--> statement-breakpoint
CREATE INDEX "leak_incidents_credential_idx" ON "leak_incidents" USING btree ("credential_id","status");--> statement-breakpoint
CREATE INDEX "leak_incidents_remediated_idx" ON "leak_incidents" USING btree ("remediated_at");--> statement-breakpoint
CREATE INDEX "review_campaigns_created_idx" ON "review_campaigns" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "review_campaigns_status_idx" ON "review_campaigns" USING btree ("status","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "review_tasks_campaign_credential_key" ON "review_tasks" USING btree ("campaign_id","credential_id");--> statement-breakpoint
CREATE INDEX "review_tasks_campaign_status_idx" ON "review_tasks" USING btree ("campaign_id","status","id");--> statement-breakpoint
CREATE INDEX "review_tasks_assignee_idx" ON "review_tasks" USING btree ("assignee_person_id","status");--> statement-breakpoint
CREATE INDEX "review_tasks_credential_idx" ON "review_tasks" USING btree ("credential_id","status");--> statement-breakpoint
CREATE INDEX "reviews_credential_idx" ON "reviews" USING btree ("credential_id","created_at");--> statement-breakpoint
CREATE INDEX "reviews_campaign_idx" ON "reviews" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "rotation_approvals_approver_idx" ON "rotation_approvals" USING btree ("approver_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rotation_requests_open_credential_key" ON "rotation_requests" USING btree ("credential_id") WHERE "rotation_requests"."state" in ('requested', 'approved');--> statement-breakpoint
CREATE INDEX "rotation_requests_credential_idx" ON "rotation_requests" USING btree ("credential_id","created_at");--> statement-breakpoint
CREATE INDEX "rotation_requests_state_created_idx" ON "rotation_requests" USING btree ("state","created_at","id");--> statement-breakpoint
CREATE INDEX "rotation_requests_created_idx" ON "rotation_requests" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "rotation_requests_requester_idx" ON "rotation_requests" USING btree ("requester_id","state");--> statement-breakpoint
CREATE INDEX "rotation_requests_expiry_idx" ON "rotation_requests" USING btree ("expires_at") WHERE "rotation_requests"."state" = 'requested';--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_token_hash_key" ON "calendar_feeds" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "calendar_feeds_user_idx" ON "calendar_feeds" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "calendar_feeds_team_idx" ON "calendar_feeds" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_deliveries_target_key" ON "notification_deliveries" USING btree ("notification_id","channel","target_key");--> statement-breakpoint
CREATE INDEX "notification_deliveries_due_idx" ON "notification_deliveries" USING btree ("next_attempt_at") WHERE "notification_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "notification_deliveries_inbox_idx" ON "notification_deliveries" USING btree ("recipient_user_id","created_at","id") WHERE "notification_deliveries"."channel" = 'in_app';--> statement-breakpoint
CREATE INDEX "notification_deliveries_unread_idx" ON "notification_deliveries" USING btree ("recipient_user_id") WHERE "notification_deliveries"."channel" = 'in_app' and "notification_deliveries"."read_at" is null;--> statement-breakpoint
CREATE INDEX "notification_deliveries_status_idx" ON "notification_deliveries" USING btree ("status","channel","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_key" ON "notifications" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_created_idx" ON "notifications" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "notifications_credential_idx" ON "notifications" USING btree ("credential_id");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_team_idx" ON "webhook_endpoints" USING btree ("team_id","is_active");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_name_idx" ON "webhook_endpoints" USING btree ("name","id");--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_decommissioned_by_id_users_id_fk" FOREIGN KEY ("decommissioned_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credentials_rotation_owner_idx" ON "credentials" USING btree ("rotation_owner_id");--> statement-breakpoint
CREATE INDEX "credentials_revocation_owner_idx" ON "credentials" USING btree ("revocation_owner_id");