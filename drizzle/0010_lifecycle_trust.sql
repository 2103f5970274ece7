ALTER TABLE "leak_incidents" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "rotation_approvals" ADD COLUMN "break_glass" boolean DEFAULT false NOT NULL;