/**
 * The base schema from the target database: `SHOW CREATE TABLE` of every table a migration
 * mentions, as SQL text for the engine to replay through the same splitter, parser and schema
 * model (origin `database`).
 */
import type { TableName } from '../statement.js';
import type { LiveSession } from './session.js';

/** The CREATE TABLE of one table on the target. */
export interface DatabaseTableDefinition {
  /** The name as the server spells it (schema included). */
  table: Required<TableName>;
  /** The `SHOW CREATE TABLE` text, without a trailing delimiter. */
  createSql: string;
}

/**
 * Reads the CREATE TABLE of each named base table that exists (views and missing tables are
 * left out; duplicates in `names` are read once). Runs inside one read-only snapshot.
 *
 * Names are matched through information_schema.TABLES, which follows the server's
 * `lower_case_table_names` rules.
 *
 * @throws LiveTimeoutError / LivePrivilegeError from the session.
 */
export async function readBaseSchema(session: LiveSession, names: Iterable<TableName>): Promise<DatabaseTableDefinition[]> {
  const seen = new Set<string>();
  const wanted: TableName[] = [];
  for (const name of names) {
    const key = `${name.schema ?? ''}\u0000${name.name}`.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    wanted.push(name);
  }
  return session.readSnapshot(async () => {
    const definitions: DatabaseTableDefinition[] = [];
    const found = new Set<string>();
    for (const name of wanted) {
      const rows = await session.select(
        "SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND TABLE_TYPE = 'BASE TABLE'",
        [name.schema ?? session.database, name.name],
      );
      const row = rows[0];
      if (!row) continue;
      const table = { schema: String(row.table_schema), name: String(row.table_name) };
      const foundKey = `${table.schema}\u0000${table.name}`;
      if (found.has(foundKey)) continue;
      found.add(foundKey);
      const createSql = await session.showCreateTable(table);
      if (createSql !== undefined) definitions.push({ table, createSql });
    }
    return definitions;
  });
}

/** The definitions as one SQL text, each statement ended by `;` and a blank line. */
export function baseSchemaSql(definitions: DatabaseTableDefinition[]): string {
  return definitions.map((definition) => `${definition.createSql};\n`).join('\n');
}
