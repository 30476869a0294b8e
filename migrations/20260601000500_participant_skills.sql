-- Participants by skill under row-level security.
--
-- The GIN index on participants.skills cannot serve a query that runs under
-- row-level security: a qual can only become an index condition below the
-- policy's security barrier when its function is LEAKPROOF, and none of the
-- operators a GIN opclass offers for arrays or jsonb is (`?` is
-- jsonb_exists, `@>` jsonb_contains / arraycontains, `&&` arrayoverlap; see
-- `restriction_is_securely_promotable` in the planner). Only a superuser can
-- mark a function LEAKPROOF, and the SDK runs as a plain role, so such a
-- query scans the whole domain (postgres/README.md has the EXPLAINs).
--
-- So skills are also kept normalised, one row per (participant, skill), with
-- a B-tree on (domain_id, skill): uuid and text equality are leakproof, so
-- both are index conditions under the policy. The rows are maintained by
-- statement-level triggers over the transition tables (one INSERT ... SELECT
-- per statement, so a bulk import stays set-based), and removed with their
-- participant by the foreign key's ON DELETE CASCADE. The table has the same
-- tenancy as every other: domain_id leading the primary key, a composite
-- foreign key, RLS enabled and forced.

CREATE TABLE participant_skills (
    domain_id uuid NOT NULL,
    skill text NOT NULL,
    participant_id uuid NOT NULL,
    PRIMARY KEY (domain_id, skill, participant_id),
    FOREIGN KEY (domain_id, participant_id) REFERENCES participants (domain_id, id)
        ON DELETE CASCADE
);
CREATE INDEX participant_skills_participant_idx ON participant_skills (domain_id, participant_id);

CREATE FUNCTION vividshift_participant_skills_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO participant_skills (domain_id, skill, participant_id)
    SELECT n.domain_id, k.skill, n.id
    FROM new_rows n
    CROSS JOIN LATERAL (SELECT DISTINCT e AS skill FROM jsonb_array_elements_text(n.skills) e) k;
    RETURN NULL;
END
$$;

-- Only rows whose skills (or key) changed are touched.
CREATE FUNCTION vividshift_participant_skills_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM participant_skills k
    USING old_rows o
    WHERE k.domain_id = o.domain_id AND k.participant_id = o.id
      AND NOT EXISTS (SELECT 1 FROM new_rows n
                      WHERE n.domain_id = o.domain_id AND n.id = o.id AND n.skills = o.skills);
    INSERT INTO participant_skills (domain_id, skill, participant_id)
    SELECT n.domain_id, k.skill, n.id
    FROM new_rows n
    CROSS JOIN LATERAL (SELECT DISTINCT e AS skill FROM jsonb_array_elements_text(n.skills) e) k
    WHERE NOT EXISTS (SELECT 1 FROM old_rows o
                      WHERE o.domain_id = n.domain_id AND o.id = n.id AND o.skills = n.skills);
    RETURN NULL;
END
$$;

CREATE TRIGGER participants_skills_insert AFTER INSERT ON participants
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION vividshift_participant_skills_insert();
CREATE TRIGGER participants_skills_update AFTER UPDATE ON participants
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION vividshift_participant_skills_update();

-- Existing participants. The forced policy binds the migrating role too (it
-- owns the tables but sets no domain), so the backfill lifts FORCE on
-- participants for this one statement, inside the migration's transaction:
-- an owner without FORCE is not subject to its table's policies. The new
-- table gets its policies only after the backfill, for the same reason.
ALTER TABLE participants NO FORCE ROW LEVEL SECURITY;
INSERT INTO participant_skills (domain_id, skill, participant_id)
SELECT p.domain_id, k.skill, p.id
FROM participants p
CROSS JOIN LATERAL (SELECT DISTINCT e AS skill FROM jsonb_array_elements_text(p.skills) e) k;
ALTER TABLE participants FORCE ROW LEVEL SECURITY;

SELECT vividshift_enforce_tenancy('participant_skills');

-- The application role's grants, now including participant_skills (same rules
-- as in 20260601000400_login_failures.sql).
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
        entity_definitions, entities, entity_unique_keys, participants, participant_skills,
        assignment_targets, assignments, assignment_details, rule_configurations,
        memberships TO %I', app);
    EXECUTE format('GRANT SELECT, INSERT ON assignment_history, audit_events TO %I', app);
    EXECUTE format('GRANT SELECT, INSERT, DELETE ON login_failures TO %I', app);
    EXECUTE format('GRANT SELECT ON _sqlx_migrations TO %I', app);
END
$$;

SELECT vividshift_grant_app_role();
