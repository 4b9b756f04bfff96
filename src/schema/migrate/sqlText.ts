/**
 * SQL expressions (and their JavaScript twins) that turn legacy values into the unified schema's conventions.
 * Each conversion is lossless for the values it recognises and leaves anything else exactly as stored, so that an
 * odd value in a legacy file is carried rather than dropped.
 */

/** Quotes an identifier (table and column names come from the file being migrated). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const DATE_TIME_GLOB = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]*'";

/**
 * DuckDB's timestamp text (`2025-11-23 10:00:00.123456`) in ISO-8601 form (`2025-11-23T10:00:00.123456`): only the
 * separator changes, so microseconds survive. No zone is added: the predecessor stored naive wall-clock times and
 * the migration cannot know their zone. Python's `isoformat()` text already has the `T` and is left as it is.
 */
export function isoTimestampSql(expr: string): string {
  return `(CASE WHEN typeof(${expr}) = 'text' AND ${expr} GLOB ${DATE_TIME_GLOB} THEN substr(${expr}, 1, 10) || 'T' || substr(${expr}, 12) ELSE ${expr} END)`;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/;

/** The JavaScript twin of isoTimestampSql, for values moved through JavaScript (run rows). */
export function isoTimestamp<T>(value: T): T | string {
  return typeof value === 'string' && DATE_TIME.test(value) ? `${value.slice(0, 10)}T${value.slice(11)}` : value;
}

/**
 * A 0/1 boolean from whatever the legacy writer stored (0/1, TRUE/FALSE text, 't'/'f'), matching how the query
 * layer reads booleans (src/model/values.ts asBoolean); NULL stays NULL.
 */
export function booleanSql(expr: string): string {
  return (
    `(CASE WHEN ${expr} IS NULL THEN NULL WHEN typeof(${expr}) IN ('integer', 'real') THEN (${expr} <> 0) ` +
    `WHEN lower(trim(${expr})) IN ('1', 'true', 't', 'yes', 'y') THEN 1 ELSE 0 END)`
  );
}

/** A JSON `true`/`false` for json_group_object, from a legacy boolean. */
export function jsonBooleanSql(expr: string): string {
  return `json(CASE WHEN ${booleanSql(expr)} = 1 THEN 'true' ELSE 'false' END)`;
}

/** Whole cents from a legacy DOUBLE amount (castro files): the unified schema keeps money as integer cents. */
export function centsSql(expr: string): string {
  return `(CASE WHEN typeof(${expr}) IN ('integer', 'real') THEN CAST(round(${expr}) AS INTEGER) ELSE ${expr} END)`;
}

/** Embeds JSON text as JSON (an object stays an object) and anything that is not valid JSON as a string. */
export function jsonValueSql(expr: string): string {
  return `(CASE WHEN json_valid(${expr}) THEN json(${expr}) ELSE ${expr} END)`;
}

/** A field of a JSON object column, NULL when the column does not hold valid JSON. */
export function jsonFieldSql(expr: string, field: string): string {
  return `(CASE WHEN json_valid(${expr}) THEN json_extract(${expr}, ${sqlString(`$.${field}`)}) END)`;
}
