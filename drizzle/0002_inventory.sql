-- Substring search on credential names and client ids uses trigram indexes (trusted extension since PG 13).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TYPE "public"."application_status" AS ENUM('active', 'retired');--> statement-breakpoint
CREATE TYPE "public"."client_auth_method" AS ENUM('client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth', 'none');--> statement-breakpoint
CREATE TYPE "public"."credential_kind" AS ENUM('oauth_client', 'api_key', 'service_account_key', 'certificate', 'personal_access_token');--> statement-breakpoint
CREATE TYPE "public"."credential_status" AS ENUM('active', 'suspended', 'decommissioned');--> statement-breakpoint
CREATE TYPE "public"."environment" AS ENUM('production', 'staging', 'development', 'test');--> statement-breakpoint
CREATE TYPE "public"."scope_privilege" AS ENUM('read', 'write', 'admin');--> statement-breakpoint
CREATE TYPE "public"."secret_kind" AS ENUM('client_secret', 'private_key', 'certificate', 'api_key', 'refresh_token');--> statement-breakpoint
CREATE TYPE "public"."secret_status" AS ENUM('active', 'superseded', 'revoked', 'leaked');--> statement-breakpoint
CREATE TYPE "public"."secret_storage" AS ENUM('secrets_manager', 'vault', 'kms', 'ci_variable', 'env_file', 'config_file', 'source_code', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."sensitivity" AS ENUM('low', 'moderate', 'high', 'critical');--> statement-breakpoint
CREATE TYPE "public"."token_cache" AS ENUM('none', 'in_memory', 'disk', 'shared_cache', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."tri_state" AS ENUM('yes', 'no', 'unknown');--> statement-breakpoint
CREATE TABLE "rotation_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"match_environments" text[],
	"match_sensitivities" text[],
	"match_kind" text,
	"match_third_party" boolean,
	"max_secret_age_days" integer NOT NULL,
	"review_cadence_days" integer NOT NULL,
	"max_access_token_ttl_seconds" integer NOT NULL,
	"approvals_required" integer DEFAULT 1 NOT NULL,
	"security_approval_required" boolean DEFAULT false NOT NULL,
	"reminder_offsets_days" integer[] DEFAULT '{30,7,1}'::int[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_scopes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"api_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"privilege" "scope_privilege" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "apis" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"audience" text NOT NULL,
	"trust_zone" text NOT NULL,
	"sensitivity" "sensitivity" NOT NULL,
	"owning_team_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"owning_team_id" uuid,
	"environment" "environment" NOT NULL,
	"trust_zone" text NOT NULL,
	"third_party" boolean DEFAULT false NOT NULL,
	"autonomous" boolean DEFAULT false NOT NULL,
	"status" "application_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "authorization_servers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"issuer_url" text NOT NULL,
	"token_endpoint" text,
	"jwks_uri" text,
	"discovery_url" text,
	"trust_domain" text,
	"vendor" text,
	"supported_auth_methods" text[] DEFAULT '{}'::text[] NOT NULL,
	"supported_grant_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credential_applications" (
	"credential_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credential_applications_credential_id_application_id_pk" PRIMARY KEY("credential_id","application_id")
);
--> statement-breakpoint
CREATE TABLE "credential_grant_scopes" (
	"grant_id" uuid NOT NULL,
	"scope_id" uuid NOT NULL,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "credential_grant_scopes_grant_id_scope_id_pk" PRIMARY KEY("grant_id","scope_id")
);
--> statement-breakpoint
CREATE TABLE "credential_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"credential_id" uuid NOT NULL,
	"api_id" uuid NOT NULL,
	"justification" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"kind" "credential_kind" NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"environment" "environment" NOT NULL,
	"status" "credential_status" DEFAULT 'active' NOT NULL,
	"client_id" text,
	"authorization_server_id" uuid,
	"token_endpoint" text,
	"grant_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"client_auth_method" "client_auth_method",
	"access_token_ttl_seconds" integer,
	"refresh_token_ttl_seconds" integer,
	"owner_id" uuid,
	"backup_owner_id" uuid,
	"owning_team_id" uuid,
	"identity_governance_team_id" uuid,
	"platform_team_id" uuid,
	"rotation_owner_id" uuid,
	"revocation_owner_id" uuid,
	"break_glass_procedure" text,
	"sdk_name" text,
	"sdk_version" text,
	"sdk_owner_id" uuid,
	"token_cache" "token_cache" DEFAULT 'unknown' NOT NULL,
	"token_persistence" text,
	"logs_redact_tokens" "tri_state" DEFAULT 'unknown' NOT NULL,
	"review_cadence_days" integer,
	"last_reviewed_at" timestamp with time zone,
	"rotation_policy_id" uuid,
	"effective_policy_id" uuid,
	"rotation_due_at" timestamp with time zone,
	"review_due_at" timestamp with time zone,
	"due_soon_days" integer DEFAULT 30 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "secrets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"credential_id" uuid NOT NULL,
	"kind" "secret_kind" NOT NULL,
	"storage" "secret_storage" NOT NULL,
	"storage_ref" text,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"last_rotated_at" timestamp with time zone,
	"status" "secret_status" DEFAULT 'active' NOT NULL,
	"fingerprint" text,
	"leaked_at" timestamp with time zone,
	"leak_source" text,
	"remediated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Existing teams get a key derived from their name (lower-case, non-alphanumerics as dashes, id suffix if taken).
-- At most 90 characters so that the suffix still fits a key (100); a name with no a-z/0-9 becomes "team-<id>".
ALTER TABLE "teams" ADD COLUMN "key" text;--> statement-breakpoint
UPDATE "teams" SET "key" = left(trim(both '-' from regexp_replace(lower("name"), '[^a-z0-9]+', '-', 'g')), 90);--> statement-breakpoint
UPDATE "teams" t SET "key" = (CASE WHEN t."key" = '' THEN 'team' ELSE t."key" END) || '-' || left(t."id"::text, 8) WHERE t."key" = '' OR EXISTS (SELECT 1 FROM "teams" o WHERE o."key" = t."key" AND o."id" < t."id");--> statement-breakpoint
ALTER TABLE "teams" ALTER COLUMN "key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "api_scopes" ADD CONSTRAINT "api_scopes_api_id_apis_id_fk" FOREIGN KEY ("api_id") REFERENCES "public"."apis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apis" ADD CONSTRAINT "apis_owning_team_id_teams_id_fk" FOREIGN KEY ("owning_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_owning_team_id_teams_id_fk" FOREIGN KEY ("owning_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_applications" ADD CONSTRAINT "credential_applications_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_applications" ADD CONSTRAINT "credential_applications_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_grant_scopes" ADD CONSTRAINT "credential_grant_scopes_grant_id_credential_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."credential_grants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_grant_scopes" ADD CONSTRAINT "credential_grant_scopes_scope_id_api_scopes_id_fk" FOREIGN KEY ("scope_id") REFERENCES "public"."api_scopes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_grants" ADD CONSTRAINT "credential_grants_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_grants" ADD CONSTRAINT "credential_grants_api_id_apis_id_fk" FOREIGN KEY ("api_id") REFERENCES "public"."apis"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_authorization_server_id_authorization_servers_id_fk" FOREIGN KEY ("authorization_server_id") REFERENCES "public"."authorization_servers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_backup_owner_id_people_id_fk" FOREIGN KEY ("backup_owner_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_owning_team_id_teams_id_fk" FOREIGN KEY ("owning_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_identity_governance_team_id_teams_id_fk" FOREIGN KEY ("identity_governance_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_platform_team_id_teams_id_fk" FOREIGN KEY ("platform_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_rotation_owner_id_people_id_fk" FOREIGN KEY ("rotation_owner_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_revocation_owner_id_people_id_fk" FOREIGN KEY ("revocation_owner_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_sdk_owner_id_people_id_fk" FOREIGN KEY ("sdk_owner_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_rotation_policy_id_rotation_policies_id_fk" FOREIGN KEY ("rotation_policy_id") REFERENCES "public"."rotation_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_effective_policy_id_rotation_policies_id_fk" FOREIGN KEY ("effective_policy_id") REFERENCES "public"."rotation_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secrets" ADD CONSTRAINT "secrets_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rotation_policies_key_key" ON "rotation_policies" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "rotation_policies_name_key" ON "rotation_policies" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "api_scopes_api_name_key" ON "api_scopes" USING btree ("api_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "apis_key_key" ON "apis" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "apis_audience_key" ON "apis" USING btree ("audience");--> statement-breakpoint
CREATE INDEX "apis_name_idx" ON "apis" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "apis_team_idx" ON "apis" USING btree ("owning_team_id");--> statement-breakpoint
CREATE INDEX "apis_zone_idx" ON "apis" USING btree ("trust_zone");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_key_key" ON "applications" USING btree ("key");--> statement-breakpoint
CREATE INDEX "applications_name_idx" ON "applications" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "applications_team_idx" ON "applications" USING btree ("owning_team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "authorization_servers_key_key" ON "authorization_servers" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "authorization_servers_issuer_key" ON "authorization_servers" USING btree ("issuer_url");--> statement-breakpoint
CREATE INDEX "authorization_servers_name_idx" ON "authorization_servers" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "credential_applications_app_idx" ON "credential_applications" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "credential_grant_scopes_scope_idx" ON "credential_grant_scopes" USING btree ("scope_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credential_grants_credential_api_key" ON "credential_grants" USING btree ("credential_id","api_id");--> statement-breakpoint
CREATE INDEX "credential_grants_api_idx" ON "credential_grants" USING btree ("api_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credentials_key_key" ON "credentials" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "credentials_server_client_key" ON "credentials" USING btree ("authorization_server_id","client_id");--> statement-breakpoint
CREATE INDEX "credentials_name_idx" ON "credentials" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "credentials_rotation_due_idx" ON "credentials" USING btree ("rotation_due_at","id");--> statement-breakpoint
CREATE INDEX "credentials_review_due_idx" ON "credentials" USING btree ("review_due_at","id");--> statement-breakpoint
CREATE INDEX "credentials_team_env_due_idx" ON "credentials" USING btree ("owning_team_id","environment","rotation_due_at","id");--> statement-breakpoint
CREATE INDEX "credentials_owner_idx" ON "credentials" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "credentials_backup_owner_idx" ON "credentials" USING btree ("backup_owner_id");--> statement-breakpoint
CREATE INDEX "credentials_sdk_owner_idx" ON "credentials" USING btree ("sdk_owner_id");--> statement-breakpoint
CREATE INDEX "credentials_env_idx" ON "credentials" USING btree ("environment","rotation_due_at","id");--> statement-breakpoint
CREATE INDEX "credentials_status_idx" ON "credentials" USING btree ("status");--> statement-breakpoint
CREATE INDEX "credentials_kind_idx" ON "credentials" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "credentials_client_id_idx" ON "credentials" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "credentials_name_trgm_idx" ON "credentials" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "credentials_client_id_trgm_idx" ON "credentials" USING gin ("client_id" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "secrets_credential_idx" ON "secrets" USING btree ("credential_id","status");--> statement-breakpoint
CREATE INDEX "secrets_fingerprint_idx" ON "secrets" USING btree ("fingerprint");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_key_key" ON "teams" USING btree ("key");