-- VividShift schema: global tables (domains, users, user_profiles, sessions)
-- and tenant tables. Every tenant table carries `domain_id NOT NULL`, leads its
-- primary key and every unique constraint with it, and points at other tenant
-- tables through composite foreign keys `(domain_id, x_id)`, so that no row
-- can reference another domain's row. Row-level security comes in the next
-- migration; the application role and its grants in the one after.
--
-- Constraint names follow `<table>_<field>_key` for unique constraints: the
-- backend turns a unique violation into `Error::Conflict` naming that field.

-- Keeps `updated_at` current for writers that do not set it themselves
-- (psql, scripts): an UPDATE that leaves it unchanged gets now(). The SDK
-- sends the timestamp the Client put in the record and stores it as given;
-- its connections say so with `vividshift.client_timestamps = on` in their
-- startup options, and the trigger then leaves the row alone.
CREATE FUNCTION vividshift_touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at
       AND coalesce(current_setting('vividshift.client_timestamps', true), '') <> 'on' THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$$;

-- Global tables ------------------------------------------------------------

CREATE TABLE domains (
    id uuid PRIMARY KEY,
    name text NOT NULL CONSTRAINT domains_name_key UNIQUE CHECK (name <> ''),
    display_name text NOT NULL,
    description text,
    config jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(config) = 'object'),
    business_rules jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(business_rules) = 'object'),
    participant_definition text,
    target_definition text,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id uuid PRIMARY KEY,
    username text NOT NULL CONSTRAINT users_username_key UNIQUE,
    email text NOT NULL CONSTRAINT users_email_key UNIQUE,
    password_hash text NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    last_login_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_profiles (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    first_name text,
    last_name text,
    phone text,
    timezone text,
    -- Any JSON: a profile built with `UserProfile::default()` carries `null`.
    preferences jsonb NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash text NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked boolean NOT NULL DEFAULT false,
    user_agent text,
    ip_address text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_token_hash_idx ON sessions (token_hash);
CREATE INDEX sessions_user_live_idx ON sessions (user_id) WHERE NOT revoked;
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- Tenant tables --------------------------------------------------------------

CREATE TABLE entity_definitions (
    domain_id uuid NOT NULL REFERENCES domains (id),
    id uuid NOT NULL,
    name text NOT NULL CHECK (name <> ''),
    display_name text,
    description text,
    fields jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(fields) = 'object'),
    version bigint NOT NULL DEFAULT 1,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (domain_id, id),
    CONSTRAINT entity_definitions_name_key UNIQUE (domain_id, name)
);

CREATE TABLE entities (
    domain_id uuid NOT NULL REFERENCES domains (id),
    id uuid NOT NULL,
    definition_id uuid NOT NULL,
    attributes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
    status text NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'inactive', 'archived', 'deleted')),
    tags text[] NOT NULL DEFAULT '{}',
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (domain_id, id),
    FOREIGN KEY (domain_id, definition_id) REFERENCES entity_definitions (domain_id, id)
);
CREATE INDEX entities_definition_idx ON entities (domain_id, definition_id, created_at);
CREATE INDEX entities_created_idx ON entities (domain_id, created_at);
CREATE INDEX entities_attributes_gin ON entities USING gin (attributes);
CREATE INDEX entities_tags_gin ON entities USING gin (tags);

-- One row per claimed unique value: the constraint makes a second entity with
-- the same (definition, field, value) in a domain impossible.
CREATE TABLE entity_unique_keys (
    domain_id uuid NOT NULL,
    definition_id uuid NOT NULL,
    field text NOT NULL,
    value text NOT NULL,
    entity_id uuid NOT NULL,
    CONSTRAINT entity_unique_keys_value_key PRIMARY KEY (domain_id, definition_id, field, value),
    FOREIGN KEY (domain_id, definition_id) REFERENCES entity_definitions (domain_id, id),
    FOREIGN KEY (domain_id, entity_id) REFERENCES entities (domain_id, id) ON DELETE CASCADE
);
CREATE INDEX entity_unique_keys_entity_idx ON entity_unique_keys (domain_id, entity_id);

CREATE TABLE participants (
    domain_id uuid NOT NULL REFERENCES domains (id),
    id uuid NOT NULL,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    email text,
    skills jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(skills) = 'array'),
    availability jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(availability) = 'object'),
    preferences jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(preferences) = 'object'),
    group_name text,
    max_assignments integer NOT NULL DEFAULT 1 CHECK (max_assignments >= 0),
    attributes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
    metadata jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (domain_id, id)
);
CREATE INDEX participants_name_idx ON participants (domain_id, name COLLATE "C", id);
CREATE INDEX participants_group_idx ON participants (domain_id, group_name);
CREATE INDEX participants_skills_gin ON participants USING gin (skills);
CREATE INDEX participants_availability_gin ON participants USING gin (availability);

CREATE TABLE assignment_targets (
    domain_id uuid NOT NULL REFERENCES domains (id),
    id uuid NOT NULL,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    description text,
    required_count integer NOT NULL DEFAULT 1 CHECK (required_count >= 1),
    required_skills jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(required_skills) = 'array'),
    skills_hard boolean NOT NULL DEFAULT false,
    priority integer NOT NULL DEFAULT 1,
    max_per_group integer CHECK (max_per_group >= 1),
    attributes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
    metadata jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (domain_id, id),
    CONSTRAINT assignment_targets_name_key UNIQUE (domain_id, name)
);
CREATE INDEX assignment_targets_priority_idx
    ON assignment_targets (domain_id, priority DESC, name COLLATE "C");
CREATE INDEX assignment_targets_required_skills_gin ON assignment_targets USING gin (required_skills);

CREATE TABLE assignments (
    domain_id uuid NOT NULL REFERENCES domains (id),
    id uuid NOT NULL,
    assignment_date date NOT NULL,
    strategy text NOT NULL,
    config jsonb NOT NULL DEFAULT '{}',
    metrics jsonb NOT NULL DEFAULT '{}',
    status text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'confirmed', 'completed', 'cancelled')),
    notes text,
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (domain_id, id)
);
-- One live (non-cancelled) plan per domain and date; concurrent creates race
-- on this index and exactly one wins.
CREATE UNIQUE INDEX assignments_assignment_date_key
    ON assignments (domain_id, assignment_date) WHERE status <> 'cancelled';
CREATE INDEX assignments_date_idx ON assignments (domain_id, assignment_date, created_at);

CREATE TABLE assignment_details (
    domain_id uuid NOT NULL,
    id uuid NOT NULL,
    assignment_id uuid NOT NULL,
    participant_id uuid NOT NULL,
    target_id uuid NOT NULL,
    position integer NOT NULL DEFAULT 0,
    score double precision NOT NULL DEFAULT 0,
    reason text NOT NULL DEFAULT '',
    PRIMARY KEY (domain_id, id),
    CONSTRAINT assignment_details_position_key UNIQUE (domain_id, assignment_id, target_id, position),
    FOREIGN KEY (domain_id, assignment_id) REFERENCES assignments (domain_id, id) ON DELETE CASCADE,
    FOREIGN KEY (domain_id, participant_id) REFERENCES participants (domain_id, id),
    FOREIGN KEY (domain_id, target_id) REFERENCES assignment_targets (domain_id, id)
);
CREATE INDEX assignment_details_participant_idx ON assignment_details (domain_id, participant_id);
CREATE INDEX assignment_details_target_idx ON assignment_details (domain_id, target_id);

-- Append-only. `seq` keeps insertion order for "oldest first" reads.
CREATE TABLE assignment_history (
    domain_id uuid NOT NULL,
    id uuid NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    assignment_id uuid NOT NULL,
    action text NOT NULL CHECK (action IN ('created', 'updated', 'status_changed')),
    actor uuid,
    changes jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (domain_id, id),
    FOREIGN KEY (domain_id, assignment_id) REFERENCES assignments (domain_id, id) ON DELETE CASCADE
);
CREATE INDEX assignment_history_assignment_idx ON assignment_history (domain_id, assignment_id, seq);

-- Append-only change log of every tenant record (and of domains themselves).
CREATE TABLE audit_events (
    domain_id uuid NOT NULL REFERENCES domains (id),
    id uuid NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    actor uuid,
    entity_kind text NOT NULL,
    entity_id uuid NOT NULL,
    action text NOT NULL CHECK (action IN ('created', 'updated', 'deleted', 'status_changed')),
    changed_fields text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (domain_id, id)
);
CREATE INDEX audit_events_entity_idx ON audit_events (domain_id, entity_kind, entity_id, seq);
CREATE INDEX audit_events_recent_idx ON audit_events (domain_id, seq DESC);

CREATE TABLE rule_configurations (
    domain_id uuid NOT NULL REFERENCES domains (id),
    id uuid NOT NULL,
    name text NOT NULL CHECK (name <> ''),
    strategy text NOT NULL,
    parameters jsonb NOT NULL DEFAULT '{}',
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (domain_id, id),
    CONSTRAINT rule_configurations_name_key UNIQUE (domain_id, name)
);

CREATE TABLE memberships (
    domain_id uuid NOT NULL REFERENCES domains (id),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('admin', 'user', 'viewer')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (domain_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id, domain_id);

-- updated_at triggers ---------------------------------------------------------

CREATE TRIGGER domains_touch BEFORE UPDATE ON domains
    FOR EACH ROW EXECUTE FUNCTION vividshift_touch_updated_at();
CREATE TRIGGER users_touch BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION vividshift_touch_updated_at();
CREATE TRIGGER user_profiles_touch BEFORE UPDATE ON user_profiles
    FOR EACH ROW EXECUTE FUNCTION vividshift_touch_updated_at();
CREATE TRIGGER entity_definitions_touch BEFORE UPDATE ON entity_definitions
    FOR EACH ROW EXECUTE FUNCTION vividshift_touch_updated_at();
CREATE TRIGGER entities_touch BEFORE UPDATE ON entities
    FOR EACH ROW EXECUTE FUNCTION vividshift_touch_updated_at();
CREATE TRIGGER participants_touch BEFORE UPDATE ON participants
    FOR EACH ROW EXECUTE FUNCTION vividshift_touch_updated_at();
CREATE TRIGGER assignment_targets_touch BEFORE UPDATE ON assignment_targets
    FOR EACH ROW EXECUTE FUNCTION vividshift_touch_updated_at();
CREATE TRIGGER assignments_touch BEFORE UPDATE ON assignments
    FOR EACH ROW EXECUTE FUNCTION vividshift_touch_updated_at();
CREATE TRIGGER rule_configurations_touch BEFORE UPDATE ON rule_configurations
    FOR EACH ROW EXECUTE FUNCTION vividshift_touch_updated_at();
CREATE TRIGGER memberships_touch BEFORE UPDATE ON memberships
    FOR EACH ROW EXECUTE FUNCTION vividshift_touch_updated_at();
