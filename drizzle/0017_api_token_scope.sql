CREATE TYPE "public"."api_token_scope" AS ENUM('api', 'ingest');--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "scope" "api_token_scope" DEFAULT 'api' NOT NULL;