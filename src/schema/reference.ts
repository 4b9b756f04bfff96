/**
 * Renders the markdown reference of a schema version from its DDL, so that the published reference can never
 * disagree with the SQL: table docs come from the comment line above each CREATE TABLE, column docs from the
 * comment after each column.
 */
import type { SchemaVersion } from './versions';

interface ColumnDoc {
  name: string;
  type: string;
  constraints: string;
  doc: string;
}

interface TableDoc {
  name: string;
  doc: string;
  columns: ColumnDoc[];
  keys: string[];
}

export function parseSchemaDoc(ddl: string): { tables: TableDoc[]; indexes: string[] } {
  const tables: TableDoc[] = [];
  const indexes: string[] = [];
  let pendingDoc = '';
  let current: TableDoc | undefined;
  for (const rawLine of ddl.split('\n')) {
    const line = rawLine.trim();
    const table = /^CREATE TABLE IF NOT EXISTS (\w+) \($/.exec(line);
    // Partial indexes (`... WHERE condition;`) are documented with their condition.
    const index = /^CREATE INDEX IF NOT EXISTS (\w+) ON (\w+)\(([^)]*)\)(?: WHERE ([^;]+))?;/.exec(line);
    if (table) {
      current = { name: table[1], doc: pendingDoc, columns: [], keys: [] };
      tables.push(current);
    } else if (index) {
      indexes.push(`\`${index[1]}\` on \`${index[2]}(${index[3]})\`${index[4] ? ` where \`${index[4]}\`` : ''}`);
    } else if (current && line.startsWith(')')) {
      current = undefined;
    } else if (current && /^(PRIMARY KEY|FOREIGN KEY)/.test(line)) {
      current.keys.push(line.replace(/,$/, ''));
    } else if (current && line.length > 0) {
      const [definition, ...comment] = line.split('--');
      const [name, type, ...constraints] = definition.trim().replace(/,$/, '').split(/\s+/);
      current.columns.push({ name, type, constraints: constraints.join(' '), doc: comment.join('--').trim() });
    }
    pendingDoc = line.startsWith('--') && !current ? line.replace(/^--\s*/, '') : '';
  }
  return { tables, indexes };
}

export function renderSchemaMarkdown(version: SchemaVersion): string {
  const { tables, indexes } = parseSchemaDoc(version.ddl);
  const lines = [
    `# SimCash unified schema, version ${version.version}`,
    '',
    `${version.description}.`,
    '',
    `Generated from the DDL in \`src/schema/\` (published as \`schema/unified-v${version.version}.sql\`) by \`npm run schema:publish\`; do not edit by hand.`,
    'Money columns are integer cents; JSON columns hold JSON text; timestamps are ISO-8601 UTC text; booleans are 0/1.',
    '',
    '| Table | What it holds |',
    '|---|---|',
    ...tables.map((t) => `| [\`${t.name}\`](#${t.name}) | ${t.doc} |`),
    '',
  ];
  for (const t of tables) {
    lines.push(`## ${t.name}`, '', t.doc, '', '| Column | Type | Constraints | Meaning |', '|---|---|---|---|');
    for (const c of t.columns) {
      lines.push(`| \`${c.name}\` | ${c.type} | ${c.constraints} | ${c.doc.replace(/\|/g, '\\|')} |`);
    }
    if (t.keys.length > 0) {
      lines.push('', ...t.keys.map((k) => `- ${k}`));
    }
    lines.push('');
  }
  lines.push('## Indexes', '', ...indexes.map((i) => `- ${i}`), '');
  return lines.join('\n');
}
