/**
 * Lazy access to node-sql-parser's per-dialect builds.
 *
 * Only the build of the dialect in use is loaded, on first use (`node-sql-parser/build/mysql`
 * or `node-sql-parser/build/mariadb`, about 270 kB each), so a run that meets no statement
 * needing the parser never pays its start-up cost.
 */
import { createRequire } from 'node:module';
import type { Dialect } from '../rule.js';

const require = createRequire(import.meta.url);

/** The subset of node-sql-parser's Parser used here. */
interface SqlParser {
  astify(sql: string, options: { database: string }): unknown;
}

const parsers = new Map<Dialect, SqlParser>();

function parserFor(dialect: Dialect): SqlParser {
  let parser = parsers.get(dialect);
  if (!parser) {
    const module = require(dialect === 'mariadb' ? 'node-sql-parser/build/mariadb' : 'node-sql-parser/build/mysql') as {
      Parser: new () => SqlParser;
    };
    parser = new module.Parser();
    parsers.set(dialect, parser);
  }
  return parser;
}

/** A parser rejection: its message and, when the parser says, the offset where it stopped. */
export interface ParserFailure {
  message: string;
  offset?: number;
}

/**
 * Parses one statement with node-sql-parser.
 *
 * @returns `{ast}` with the first statement's AST, or `{failure}` when the parser throws. Never throws.
 */
export function parseWithNodeSqlParser(sql: string, dialect: Dialect): { ast: unknown } | { failure: ParserFailure } {
  try {
    const result = parserFor(dialect).astify(sql, { database: dialect });
    return { ast: Array.isArray(result) ? result[0] : result };
  } catch (error) {
    const failure: ParserFailure = { message: error instanceof Error ? error.message : String(error) };
    const offset = (error as { location?: { start?: { offset?: unknown } } } | null)?.location?.start?.offset;
    if (typeof offset === 'number') failure.offset = offset;
    return { failure };
  }
}
