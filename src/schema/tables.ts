import { parseSchemaDoc } from './reference';
import { CURRENT_SCHEMA_VERSION, UNIFIED_SCHEMA_VERSIONS } from './versions';

/** Tables a complete unified file of `version` (the current one when unknown) has, from its DDL. */
export function expectedUnifiedTables(version: number | null): string[] {
  const wanted = version ?? CURRENT_SCHEMA_VERSION;
  const schema = UNIFIED_SCHEMA_VERSIONS.find((v) => v.version === wanted) ?? UNIFIED_SCHEMA_VERSIONS[UNIFIED_SCHEMA_VERSIONS.length - 1];
  return parseSchemaDoc(schema.ddl).tables.map((t) => t.name);
}
