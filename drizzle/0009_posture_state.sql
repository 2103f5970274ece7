CREATE TABLE "credential_posture" (
	"credential_id" uuid PRIMARY KEY NOT NULL,
	"applicable_rules" text[] DEFAULT '{}'::text[] NOT NULL,
	"checked_at" timestamp with time zone
);
--> statement-breakpoint
DROP INDEX "credentials_posture_checked_idx";--> statement-breakpoint
ALTER TABLE "credential_posture" ADD CONSTRAINT "credential_posture_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credential_posture_checked_idx" ON "credential_posture" USING btree (coalesce("checked_at", '-infinity'::timestamptz),"credential_id");--> statement-breakpoint
-- Hand-written: carry the posture state over, then keep a row per credential from now on.
INSERT INTO "credential_posture" ("credential_id", "applicable_rules", "checked_at")
  SELECT "id", "applicable_rules", "posture_checked_at" FROM "credentials";--> statement-breakpoint
CREATE FUNCTION "credential_posture_row"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "credential_posture" ("credential_id") SELECT "id" FROM "inserted" ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "credentials_posture_row" AFTER INSERT ON "credentials"
  REFERENCING NEW TABLE AS "inserted" FOR EACH STATEMENT EXECUTE FUNCTION "credential_posture_row"();--> statement-breakpoint
ALTER TABLE "credentials" DROP COLUMN "applicable_rules";--> statement-breakpoint
ALTER TABLE "credentials" DROP COLUMN "posture_checked_at";