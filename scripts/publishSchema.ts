/**
 * Writes each unified schema version as plain SQL (schema/unified-vN.sql, for other writers such as SimCash's
 * persistence layer) and as a markdown reference (docs/schema/unified-vN.md). A unit test checks both are current.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UNIFIED_SCHEMA_VERSIONS, publishedSchemaSql } from '../src/schema/versions';
import { renderSchemaMarkdown } from '../src/schema/reference';

const root = path.resolve(__dirname, '..', '..');
fs.mkdirSync(path.join(root, 'schema'), { recursive: true });
fs.mkdirSync(path.join(root, 'docs', 'schema'), { recursive: true });
for (const version of UNIFIED_SCHEMA_VERSIONS) {
  fs.writeFileSync(path.join(root, 'schema', `unified-v${version.version}.sql`), publishedSchemaSql(version));
  fs.writeFileSync(path.join(root, 'docs', 'schema', `unified-v${version.version}.md`), renderSchemaMarkdown(version));
  console.log(`published unified schema v${version.version}`);
}
