-- Database-enforced tenancy: row-level security on every tenant table,
-- ENABLEd and FORCEd (so that the table owner is bound too; only superusers
-- and BYPASSRLS roles escape it, and the SDK refuses neither silently: see
-- `PgStore::health`).
--
-- The SDK sets `vividshift.domain_id` for one transaction at a time with
-- `set_config('vividshift.domain_id', $1, true)`. Once that transaction ends
-- the setting reads '' (not NULL), hence `nullif(.., '')`: a connection with
-- no domain set sees and writes nothing. The call is wrapped in `(select ..)`
-- so that it is evaluated once per statement (an InitPlan), not per row.
--
-- Memberships are also readable by user (`vividshift.user_id`), for "which
-- domains does this user belong to"; they are written by domain only.

CREATE FUNCTION vividshift_enforce_tenancy(tbl regclass) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    scope constant text :=
        'domain_id = (select nullif(current_setting(''vividshift.domain_id'', true), '''')::uuid)';
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
    EXECUTE format('CREATE POLICY tenant_select ON %s FOR SELECT USING (%s)', tbl, scope);
    EXECUTE format('CREATE POLICY tenant_insert ON %s FOR INSERT WITH CHECK (%s)', tbl, scope);
    EXECUTE format('CREATE POLICY tenant_update ON %s FOR UPDATE USING (%s) WITH CHECK (%s)',
                   tbl, scope, scope);
    EXECUTE format('CREATE POLICY tenant_delete ON %s FOR DELETE USING (%s)', tbl, scope);
END
$$;

SELECT vividshift_enforce_tenancy('entity_definitions');
SELECT vividshift_enforce_tenancy('entities');
SELECT vividshift_enforce_tenancy('entity_unique_keys');
SELECT vividshift_enforce_tenancy('participants');
SELECT vividshift_enforce_tenancy('assignment_targets');
SELECT vividshift_enforce_tenancy('assignments');
SELECT vividshift_enforce_tenancy('assignment_details');
SELECT vividshift_enforce_tenancy('assignment_history');
SELECT vividshift_enforce_tenancy('audit_events');
SELECT vividshift_enforce_tenancy('rule_configurations');
SELECT vividshift_enforce_tenancy('memberships');

-- Permissive policies are OR-ed: a membership row is visible in its domain's
-- scope or in its user's scope.
CREATE POLICY member_select_by_user ON memberships FOR SELECT
    USING (user_id = (select nullif(current_setting('vividshift.user_id', true), '')::uuid));
