-- The application role: NOLOGIN, neither superuser nor BYPASSRLS, with just
-- the table privileges the SDK needs. Its name is `vividshift_app` unless the
-- migrating session sets `vividshift.app_role` (e.g. `ALTER DATABASE .. SET
-- vividshift.app_role = 'myapp'`, or `options=-c vividshift.app_role=myapp`
-- in the URL).
--
-- Creating a role needs CREATEROLE, which the migrating role may not have
-- (managed services often hand out a database owner without it). The
-- migration therefore creates the role only when it is missing AND it may;
-- otherwise it leaves a NOTICE and goes on: a DBA creates the role once per
-- cluster (`CREATE ROLE vividshift_app NOLOGIN`), and the grants below are
-- applied whenever the role exists. Grants on its own tables are always
-- within the migrating role's power (it owns them), so those never fail.
-- Login roles for the SDK are then made members: `GRANT vividshift_app TO
-- some_login` (or the SDK logs in as the owner, which FORCE binds to RLS too).
-- Once a DBA has created a missing role, `SELECT vividshift_grant_app_role()`
-- (as the owner or a superuser) applies the grants.

CREATE FUNCTION vividshift_grant_app_role() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    app text := coalesce(nullif(current_setting('vividshift.app_role', true), ''), 'vividshift_app');
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE', app);
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'role % is missing and % may not create it: create it once with CREATE ROLE % NOLOGIN, then run the migrations again or grant by hand',
                app, current_user, app;
            RETURN;
        END;
    END IF;

    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app AND (rolsuper OR rolbypassrls)) THEN
        RAISE WARNING 'role % is a superuser or BYPASSRLS: row-level security does not bind it', app;
    END IF;

    -- Let the migrating role act as the application role (tests, db_cli), when allowed.
    BEGIN
        EXECUTE format('GRANT %I TO %I', app, current_user);
    EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN
        RAISE NOTICE '% is not made a member of %', current_user, app;
    END;

    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), app);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON
        domains, users, user_profiles, sessions,
        entity_definitions, entities, entity_unique_keys, participants,
        assignment_targets, assignments, assignment_details, rule_configurations,
        memberships TO %I', app);
    -- History and audit are append-only for the application.
    EXECUTE format('GRANT SELECT, INSERT ON assignment_history, audit_events TO %I', app);
    EXECUTE format('GRANT SELECT ON _sqlx_migrations TO %I', app);
END
$$;

SELECT vividshift_grant_app_role();
