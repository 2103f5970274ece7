-- The three rotation policies Steward ships with (DESIGN §4.1). Keys match lib/domain/policies.ts
-- defaultPolicies; security/admin may edit them afterwards.
INSERT INTO "rotation_policies" ("key", "name", "priority", "match_environments", "match_sensitivities", "max_secret_age_days", "review_cadence_days", "max_access_token_ttl_seconds", "approvals_required", "security_approval_required", "reminder_offsets_days")
VALUES
  ('default-production-sensitive', 'Production — high or critical API', 0, '{production}', '{high,critical}', 90, 90, 900, 2, true, '{30,7,1}'),
  ('default-production', 'Production', 0, '{production}', NULL, 180, 180, 3600, 1, false, '{30,7,1}'),
  ('default-non-production', 'Non-production', 0, '{staging,development,test}', NULL, 365, 365, 3600, 1, false, '{30,7,1}')
ON CONFLICT DO NOTHING;
