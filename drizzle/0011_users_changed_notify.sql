-- Server processes remember the tokens they have confirmed (src/auth/callers.ts). A change that can
-- revoke a user's tokens or change what they may see is announced on the channel tiaojie_users with
-- the user's id, so that every process forgets that user at once, whichever process or tool made it.
CREATE OR REPLACE FUNCTION tiaojie_users_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    -- An empty payload: forget everyone.
    PERFORM pg_notify('tiaojie_users', '');
  ELSE
    PERFORM pg_notify('tiaojie_users', OLD.id::text);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER users_changed_notify AFTER UPDATE ON users
  FOR EACH ROW
  WHEN (OLD.token_version IS DISTINCT FROM NEW.token_version
     OR OLD.disabled IS DISTINCT FROM NEW.disabled
     OR OLD.role IS DISTINCT FROM NEW.role
     OR OLD.org_id IS DISTINCT FROM NEW.org_id
     OR OLD.region_code IS DISTINCT FROM NEW.region_code
     OR OLD.name IS DISTINCT FROM NEW.name
     OR OLD.id IS DISTINCT FROM NEW.id)
  EXECUTE FUNCTION tiaojie_users_changed();
--> statement-breakpoint
CREATE TRIGGER users_removed_notify AFTER DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION tiaojie_users_changed();
--> statement-breakpoint
CREATE TRIGGER users_truncated_notify AFTER TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION tiaojie_users_changed();
