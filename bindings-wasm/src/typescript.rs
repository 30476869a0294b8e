//! The TypeScript interfaces of the values that cross the boundary, appended
//! to the generated `.d.ts` so that every export is typed, never `any`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** One broken rule on one field. */
export interface Violation {
  /** Field name or path, e.g. `name`, `skills/0`, `attributes/age`. */
  path: string;
  /** Machine name of the rule, e.g. `required`, `max_length`, `pattern`. */
  rule: string;
  /** A sentence for people. */
  message: string;
}

/** Error thrown by every export: `kind` is stable, `details` depends on it. */
export interface VividshiftError extends Error {
  name: "VividshiftError";
  kind: "not_found" | "validation" | "conflict" | "forbidden" | "unauthenticated" | "tenancy" | "backend_unavailable" | "configuration" | "internal";
  /** The violations of a `validation` error; `{field}` of a `conflict`; `{kind, key}` of `not_found`. */
  details: Violation[] | { field: string } | { kind: string; key: string } | null;
}

export type FieldType = "string" | "integer" | "number" | "boolean" | "date" | "datetime" | "uuid" | "enum" | "string_array" | "object" | "reference";

export interface FieldConstraints {
  min_length?: number | null;
  max_length?: number | null;
  pattern?: string | null;
  min?: number | null;
  max?: number | null;
  enum?: string[] | null;
  unique?: boolean;
}

export interface FieldDefinition {
  field_type: FieldType;
  required?: boolean;
  default_value?: unknown;
  display_name?: string | null;
  description?: string | null;
  /** For `reference` fields: the referenced definition's name. */
  reference?: string | null;
  constraints?: FieldConstraints;
}

/** An entity definition in the original product's shape. */
export interface Definition {
  name: string;
  display_name?: string | null;
  description?: string | null;
  fields: Record<string, FieldDefinition>;
}

/** A draft 2020-12 JSON Schema object. */
export interface JsonSchema {
  $schema: string;
  title?: string;
  type: "object";
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
  additionalProperties: false;
  [keyword: string]: unknown;
}

export interface DateRange { from: string; to: string; }

/** Weekday flags (absent: available) and away date ranges. */
export interface Availability {
  monday?: boolean; tuesday?: boolean; wednesday?: boolean; thursday?: boolean;
  friday?: boolean; saturday?: boolean; sunday?: boolean;
  unavailable?: DateRange[];
}

export interface NewDomain {
  name: string;
  display_name: string;
  description?: string | null;
  config?: Record<string, unknown>;
  business_rules?: Record<string, unknown>;
  participant_definition?: string | null;
  target_definition?: string | null;
}

export interface Domain extends Required<NewDomain> {
  id: string;
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export interface NewParticipant {
  name: string;
  email?: string | null;
  skills?: string[];
  availability?: Availability;
  preferences?: Record<string, unknown>;
  group?: string | null;
  max_assignments?: number;
  attributes?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

export interface Participant extends Required<NewParticipant> {
  id: string;
  domain_id: string;
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export interface ParticipantQuery { include_inactive?: boolean; skill?: string | null; group?: string | null; }

export interface NewTarget {
  name: string;
  description?: string | null;
  required_count?: number;
  required_skills?: string[];
  skills_hard?: boolean;
  priority?: number;
  max_per_group?: number | null;
  attributes?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

export interface Target extends Required<NewTarget> {
  id: string;
  domain_id: string;
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export interface StoredDefinition {
  id: string;
  domain_id: string;
  schema: Definition;
  version: number;
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export interface NewEntity { definition: string; attributes?: Record<string, unknown>; tags?: string[]; }

export interface Entity {
  id: string;
  domain_id: string;
  definition_id: string;
  definition_name: string;
  attributes: Record<string, unknown>;
  status: "active" | "inactive" | "archived" | "deleted";
  tags: string[];
  version: number;
  created_at: string;
  updated_at: string;
}
"#;
