import { UNIFIED_SCHEMA_V1 } from './unifiedV1';
import { UNIFIED_SCHEMA_V2 } from './unifiedV2';

/** One published version of the unified schema. */
export interface SchemaVersion {
  version: number;
  description: string;
  /** Complete DDL that creates a file of this version from nothing. */
  ddl: string;
}

/**
 * Every unified schema version, oldest first. Adding a version means adding its DDL here and its migration step in
 * src/schema/migrate/unifiedSteps.ts (a unit test checks that every version after the first has one).
 */
export const UNIFIED_SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    description: 'Unified schema: experiments, iterations and simulations in one file, with persistence levels and LLM audit tables',
    ddl: UNIFIED_SCHEMA_V1,
  },
  {
    version: 2,
    description: 'Unified schema v1 plus a partial transaction index on events and cached event counts and scenario paths on simulation runs',
    ddl: UNIFIED_SCHEMA_V2,
  },
];

export const CURRENT_SCHEMA_VERSION = UNIFIED_SCHEMA_VERSIONS[UNIFIED_SCHEMA_VERSIONS.length - 1].version;

export function schemaVersion(version: number): SchemaVersion {
  const found = UNIFIED_SCHEMA_VERSIONS.find((v) => v.version === version);
  if (!found) {
    throw new Error(`Unknown unified schema version ${version}; known: ${UNIFIED_SCHEMA_VERSIONS.map((v) => v.version).join(', ')}.`);
  }
  return found;
}

/** The statement that records a version in a file's schema_version table. */
export function recordVersionSql(version: SchemaVersion, appliedAt: string): string {
  const text = version.description.replace(/'/g, "''");
  return `INSERT OR REPLACE INTO schema_version (version, applied_at, description) VALUES (${version.version}, '${appliedAt}', '${text}');`;
}

/** Full DDL plus the version row: what a writer runs to create an empty unified file of the given version. */
export function createSchemaSql(version = CURRENT_SCHEMA_VERSION, appliedAt = new Date().toISOString()): string {
  const v = schemaVersion(version);
  return `${v.ddl}\n${recordVersionSql(v, appliedAt)}\n`;
}

/**
 * The published SQL file of a version: the DDL plus the statement that records the version, with the time left
 * to the writer (SQLite's strftime), so that the file is the same whoever publishes it.
 */
export function publishedSchemaSql(version: SchemaVersion): string {
  const text = version.description.replace(/'/g, "''");
  return `${version.ddl}\nINSERT OR IGNORE INTO schema_version (version, applied_at, description) VALUES (${version.version}, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), '${text}');\n`;
}
