import type { ColumnType } from 'kysely';

/** Epoch milliseconds (BIGINT on PostgreSQL); the pg pool parses int8 to a number, mappers still normalise. */
type Instant = ColumnType<number, number, number>;
type NullableInstant = ColumnType<number | null, number | null, number | null>;
/** Booleans are INTEGER 0/1 on both engines. */
type Flag = ColumnType<number, number, number>;

/**
 * Columns that would be NULL but take part in a unique key hold '' instead: NULLs are distinct
 * in unique constraints on both engines, so a NULL there would allow duplicates. Repositories
 * map '' <-> null.
 */
type KeyPart = string;

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  kind: string;
  locale: string | null;
  active: Flag;
  created_at: Instant;
}

export interface ExternalIdentitiesTable {
  provider: string;
  subject: string;
  user_id: string;
  /** argon2id hash for the local provider; null for external providers. */
  secret_hash: string | null;
}

export interface RoleGrantsTable {
  user_id: string;
  role: string;
  /** '' for global roles (supervisor, admin). */
  unit_id: KeyPart;
}

export interface UnitsTable {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  kind: string;
  active: Flag;
  created_at: Instant;
}

export interface CategoriesTable {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  default_unit_id: string | null;
  active: Flag;
  sort: number;
}

export interface EscalationPoliciesTable {
  id: string;
  /** '' = any unit. */
  unit_id: KeyPart;
  /** '' = any category. */
  category_id: KeyPart;
  /** JSON text of Partial<EscalationPolicy>. */
  policy: string;
  updated_at: Instant;
}

export interface CalendarDaysTable {
  /** Local date "YYYY-MM-DD". */
  date: string;
  /** 'off' | 'on' */
  kind: string;
  /** 'statutory' | 'institution' */
  source: string;
  note: string | null;
}

export interface SessionsTable {
  /** SHA-256 digest (hex) of the session id held by the browser. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Instant;
  expires_at: Instant;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 digest (hex) of the token; the token itself is never stored. */
  token_hash: string;
  created_at: Instant;
  last_used_at: NullableInstant;
  revoked_at: NullableInstant;
}

export interface DirectoryTables {
  users: UsersTable;
  external_identities: ExternalIdentitiesTable;
  role_grants: RoleGrantsTable;
  units: UnitsTable;
  categories: CategoriesTable;
  escalation_policies: EscalationPoliciesTable;
  calendar_days: CalendarDaysTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
}
