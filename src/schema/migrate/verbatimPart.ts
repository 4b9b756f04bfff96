/**
 * Tables no mapping knows (the predecessor's schema_migrations, a user's own tables, ...) carry over as they are:
 * same definition, same rows, same indexes. Nothing in a legacy file is left behind just because the unified
 * schema has no place for it. A table whose name the unified schema uses is kept as `legacy_<name>`.
 */
import type { Job } from './job';
import type { Part } from './parts';
import type { SourceInfo } from './source';
import { quoteIdent } from './sqlText';
import type { TargetSchema } from './target';

export function verbatimPart(source: SourceInfo, consumed: ReadonlySet<string>, target: TargetSchema): Part {
  const taken = new Set(target.columns.keys());
  const takenIndexes = new Set(target.indexes.map((i) => /INDEX IF NOT EXISTS (\w+)/.exec(i.sql)?.[1] ?? ''));
  const part: Part = {
    step: {
      title: 'Carry the other tables as they are',
      description: 'Tables the unified schema does not define are copied unchanged, with their indexes.',
      tables: [],
    },
    jobs: [],
    consumed: [],
    warnings: [],
  };
  for (const table of source.tables.values()) {
    if (consumed.has(table.name)) {
      continue;
    }
    const renamed = taken.has(table.name);
    const name = renamed ? `legacy_${table.name}` : table.name;
    const indexes = source.objects.filter((o) => o.type === 'index' && o.table === table.name);
    const keptIndexes = renamed ? [] : indexes.filter((i) => !takenIndexes.has(i.name));
    // An unchanged name keeps the original definition (types, keys, constraints); a renamed table gets its columns.
    const create =
      !renamed && table.sql !== null
        ? table.sql
        : `CREATE TABLE main.${quoteIdent(name)} AS SELECT * FROM src.${quoteIdent(table.name)} WHERE 0`;
    const copy = `INSERT INTO main.${quoteIdent(name)} SELECT * FROM src.${quoteIdent(table.name)}`;
    part.step.tables.push({
      from: [table.name],
      to: name,
      rows: table.rows,
      sourceRows: table.rows,
      notes: [
        renamed ? `copied as ${name}: the unified schema uses the name ${table.name} for something else` : 'copied unchanged',
        ...(keptIndexes.length > 0 ? [`with its index(es) ${keptIndexes.map((i) => i.name).join(', ')}`] : []),
      ],
    });
    const job: Job = {
      label: `Copying ${table.name}`,
      cost: table.rows,
      *run(db) {
        db.run(create);
        db.run(copy);
        for (const index of keptIndexes) {
          db.run(index.sql);
        }
        yield table.rows;
      },
    };
    part.jobs.push(job);
    part.consumed.push(table.name);
    if (indexes.length > keptIndexes.length) {
      part.warnings.push(`Index(es) of ${table.name} not carried (their names are taken or the table was renamed): ${indexes.filter((i) => !keptIndexes.includes(i)).map((i) => i.name).join(', ')}.`);
    }
  }
  const others = source.objects.filter((o) => o.type !== 'index');
  if (others.length > 0) {
    part.warnings.push(`View(s) and trigger(s) are not carried (they refer to the legacy layout): ${others.map((o) => o.name).join(', ')}.`);
  }
  return part;
}
