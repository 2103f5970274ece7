-- A scope's last use is usage evidence (design §8.7), not a governance change: moving it forward no
-- longer writes a point-in-time version (it did on every ingest batch, so history grew with event
-- volume and the trigger was most of the ingest's time). Versions still record grants and scopes being
-- added, changed and removed; the usage rollups are the time series of use.
UPDATE history.tracked_tables SET ignored_columns = '{last_used_at}' WHERE table_name = 'credential_grant_scopes';
--> statement-breakpoint
DROP TRIGGER credential_grant_scopes_history ON public.credential_grant_scopes;
--> statement-breakpoint
CREATE TRIGGER credential_grant_scopes_history AFTER INSERT OR UPDATE OR DELETE ON public.credential_grant_scopes FOR EACH ROW EXECUTE FUNCTION history.track('grant_id', 'scope_id', '{last_used_at}');
