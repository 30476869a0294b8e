-- Failed logins per username, known or not, so that lockout after N failures
-- in a window never tells which usernames exist. Global like `users` (no
-- domain, no row-level security), and no foreign key to `users` for the same
-- reason.
CREATE TABLE login_failures (
    username  text        NOT NULL,
    failed_at timestamptz NOT NULL
);
CREATE INDEX login_failures_username_idx ON login_failures (username, failed_at);
CREATE INDEX login_failures_failed_at_idx ON login_failures (failed_at);

-- A user's sessions, revoked ones included (SessionRepository::list_for_user).
CREATE INDEX sessions_user_created_idx ON sessions (user_id, created_at);

-- The application role's grants, now including login_failures (same rules as
-- in 20260601000300_app_role.sql: created only when missing and allowed).
CREATE OR REPLACE FUNCTION vividshift_grant_app_role() RETURNS void
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
    EXECUTE format('GRANT SELECT, INSERT ON assignment_history, audit_events TO %I', app);
    EXECUTE format('GRANT SELECT, INSERT, DELETE ON login_failures TO %I', app);
    EXECUTE format('GRANT SELECT ON _sqlx_migrations TO %I', app);
END
$$;

SELECT vividshift_grant_app_role();
