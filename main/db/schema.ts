import type { Generated } from 'kysely';

export interface SchoolsTable {
  id: Generated<number>;
  code: string | null;
  name: string;
  short_name: string | null;
  type: string;
  ownership: string;
  locality: string;
  township: string | null;
  address: string | null;
  principal: string | null;
  contact: string | null;
  status: string;
  closed_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface CampusesTable {
  id: Generated<number>;
  school_id: number;
  name: string;
  address: string | null;
  evaluated_separately: number;
}

export interface SchoolStatsTable {
  id: Generated<number>;
  school_id: number;
  campus_id: number | null;
  year: number;
  data: string;
  updated_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  summary: string;
  before: string | null;
  after: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface Database {
  schools: SchoolsTable;
  campuses: CampusesTable;
  school_stats: SchoolStatsTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
}
