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

export type Strategy = "random" | "balanced_rotation" | "skill_based" | "optimal";

/** Engine settings; every key optional (defaults in the engine docs). */
export interface PlanConfig {
  strategy?: Strategy;
  seed?: number;
  allow_partial?: boolean;
  avoid_consecutive?: boolean;
  weights?: { rotation?: number; skill?: number; load?: number };
  half_life_days?: number;
  validation?: "strict" | "permissive";
}

export interface ProblemParticipant {
  id: string;
  name?: string;
  skills?: string[];
  available?: boolean;
  max_assignments?: number;
  group?: string | null;
}

export interface ProblemTarget {
  id: string;
  name?: string;
  required_count?: number;
  required_skills?: string[];
  skills_hard?: boolean;
  priority?: number;
  max_per_group?: number | null;
}

/** The engine's canonical input. */
export interface Problem {
  date: string;
  participants: ProblemParticipant[];
  targets: ProblemTarget[];
  history?: { participant_id: string; target_id: string; date: string }[];
  config?: PlanConfig;
}

export interface PlannedAssignment { participant_id: string; target_id: string; position: number; cost: number; reason: string; }
export interface UnfilledSlot { target_id: string; missing: number; reason: string; }
export interface PlanMetrics { total_cost: number; filled: number; required: number; coverage: number; repeats: number; load: Record<string, number>; }

/** The engine's canonical output. */
export interface Plan {
  strategy: Strategy;
  assignments: PlannedAssignment[];
  unfilled: UnfilledSlot[];
  metrics: PlanMetrics;
  warnings?: Violation[];
}

/** Costs per participant (rows) and target (columns); `null` is infeasible. */
export interface CostMatrix { participants: string[]; targets: string[]; costs: (number | null)[][]; }

export interface Assignment {
  id: string;
  domain_id: string;
  assignment_date: string;
  strategy: string;
  config: Record<string, unknown>;
  metrics: Record<string, unknown>;
  status: "draft" | "confirmed" | "completed" | "cancelled";
  notes: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface AssignmentRecord {
  assignment: Assignment;
  details: { id: string; domain_id: string; assignment_id: string; participant_id: string; target_id: string; position: number; score: number; reason: string }[];
  history: { id: string; domain_id: string; assignment_id: string; action: "created" | "updated" | "status_changed"; actor: string | null; changes: Record<string, unknown>; created_at: string }[];
}

/** What `Client.generateAssignment` returns: the stored record and the engine's plan. */
export interface GeneratedAssignment { record: AssignmentRecord; plan: Plan; }
"#;
