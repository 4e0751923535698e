/**
 * The parser adapter: turns one statement unit into the statement IR.
 *
 * Pipeline for one unit, cheapest first:
 * 1. inert statements (SET, USE, LOCK TABLES, SELECT, CALL, DROP PROCEDURE, ...) and stored-program
 *    definitions, recognised by their leading tokens;
 * 2. the bulk-INSERT fast path for `INSERT|REPLACE ... VALUES`, which never hands row data to
 *    node-sql-parser and reads rows lazily, and UPDATE and single-table DELETE, read from their
 *    head by the token reader;
 * 3. node-sql-parser (the dialect's build, loaded on first use), its AST converted to the IR;
 * 4. when the parser rejects the statement, the token-level reader (src/parse/fallback.ts).
 */
import type { Dialect } from '../rule.js';
import type { AnalyzedStatement, StatementIR, StatementUnit } from '../statement.js';
import { astToIr } from './ast-to-ir.js';
import { readBulkInsert } from './bulk-insert.js';
import { classifyByHead } from './classify.js';
import { leadingWords, readWithTokens, type TokenReading } from './fallback.js';
import { parseWithNodeSqlParser } from './parser.js';
import { addRowEffects } from './row-effects.js';
import { TokenCursor } from './scan.js';
import { isSymbol, isWord, type Token } from '../split/lexer.js';

/**
 * Statements longer than this (in UTF-16 code units) are not given to node-sql-parser, which
 * reads about 1.4 MB/s; they are read by the token reader alone.
 */
export const PARSER_SIZE_LIMIT = 256 * 1024;

/** IR kinds whose token reading is complete by construction once the reader consumed every token. */
const FALLBACK_TRUSTED_KINDS = new Set<StatementIR['kind']>([
  'update', 'delete', 'truncate', 'drop-table', 'rename-table', 'drop-index', 'load-data',
  'create-table', 'alter-table', 'create-index', 'insert',
]);

function fromTokens(unit: StatementUnit, reading: TokenReading, failure: { message: string; offset?: number }): AnalyzedStatement {
  if (reading.complete && FALLBACK_TRUSTED_KINDS.has(reading.ir.kind)) {
    return { unit, ir: reading.ir, parse: { status: 'recognised', by: 'token-fallback' } };
  }
  return { unit, ir: reading.ir, parse: { status: 'failed', ...failure } };
}

/**
 * Analyses one statement unit.
 *
 * @param unit a unit from the splitter (its `sql` is what is read).
 * @param dialect selects node-sql-parser's `mysql` or `mariadb` grammar.
 * @returns the unit with its IR and how the IR was obtained (`parse`). Never throws: any
 *   unexpected error inside the adapter yields `{kind: 'other'}` with `status: 'failed'`.
 */
export function analyzeStatement(unit: StatementUnit, dialect: Dialect): AnalyzedStatement {
  try {
    const analyzed = analyze(unit, dialect);
    addRowEffects(analyzed.ir, unit.sql);
    return analyzed;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { unit, ir: { kind: 'other', what: safeLeadingWords(unit.sql) }, parse: { status: 'failed', message: `internal error while reading the statement: ${message}` } };
  }
}

function safeLeadingWords(sql: string): string {
  try {
    return leadingWords(sql);
  } catch {
    return '';
  }
}

function analyze(unit: StatementUnit, dialect: Dialect): AnalyzedStatement {
  const sql = unit.sql;
  const head = classifyByHead(sql);
  if (head) return { unit, ir: head.ir, parse: { status: 'recognised', by: head.by } };

  const bulk = readBulkInsert(sql);
  if (bulk) return { unit, ir: bulk, parse: { status: 'recognised', by: 'bulk-insert' } };

  const reading = readWithTokens(sql);
  // The IR of an UPDATE is its head (tables, IGNORE, assigned columns), which the token reader
  // reads completely; node-sql-parser would add nothing but cost (most of a large corpus).
  if (reading.ir.kind === 'update' && reading.complete) return { unit, ir: reading.ir, parse: { status: 'recognised', by: 'write-head' } };
  // So is a single-table DELETE; the multi-table forms (joins, USING) keep node-sql-parser.
  if (reading.ir.kind === 'delete' && reading.complete && isSingleTableDelete(sql)) return { unit, ir: reading.ir, parse: { status: 'recognised', by: 'write-head' } };
  if (sql.length > PARSER_SIZE_LIMIT) {
    return fromTokens(unit, reading, { message: `statement of ${sql.length} characters is too long for node-sql-parser; read with tokens only` });
  }
  const parsed = parseWithNodeSqlParser(sql, dialect);
  if ('failure' in parsed) return fromTokens(unit, reading, parsed.failure);

  const ir = astToIr(parsed.ast, reading.ir);
  if (ir) return { unit, ir: mergeReaderFacts(ir, reading.ir), parse: { status: 'parsed' } };
  // The parser accepted the statement but its AST has a shape the converter does not know.
  if (reading.ir.kind !== 'other') return { unit, ir: reading.ir, parse: { status: 'parsed' } };
  return { unit, ir: { kind: 'other', what: leadingWords(sql) }, parse: { status: 'parsed' } };
}

/** Words that may follow the table of a single-table DELETE (MySQL 8.0 manual 15.2.2 "DELETE"). */
const SINGLE_TABLE_DELETE_TAIL = new Set(['WHERE', 'ORDER', 'LIMIT', 'PARTITION', 'RETURNING']);

/**
 * True for the single-table form `DELETE [LOW_PRIORITY] [QUICK] [IGNORE] FROM tbl [[AS] alias]
 * [PARTITION ...] [WHERE ...] ...`: one table, no join, no USING. Reads a few tokens.
 */
function isSingleTableDelete(sql: string): boolean {
  const cursor = new TokenCursor(sql);
  if (!isWord(cursor.next(), 'DELETE')) return false;
  let token = cursor.next();
  while (isWord(token, 'LOW_PRIORITY') || isWord(token, 'QUICK') || isWord(token, 'IGNORE')) token = cursor.next();
  if (!isWord(token, 'FROM')) return false;
  const isName = (candidate: Token | undefined) => candidate !== undefined && (candidate.type === 'word' || candidate.type === 'quoted-identifier');
  if (!isName(cursor.next())) return false;
  if (isSymbol(cursor.peek(), '.')) {
    cursor.next();
    if (!isName(cursor.next())) return false;
  }
  let next = cursor.next();
  if (isWord(next, 'AS')) next = cursor.next();
  if (next !== undefined && next.type === 'word' && !SINGLE_TABLE_DELETE_TAIL.has(next.text.toUpperCase())) next = cursor.next();
  else if (next?.type === 'quoted-identifier') next = cursor.next();
  return next === undefined || (next.type === 'word' && SINGLE_TABLE_DELETE_TAIL.has(next.text.toUpperCase())) || isSymbol(next, ';');
}

/**
 * Facts the AST does not carry but the token reader does (MariaDB `ALTER IGNORE`, ALGORITHM /
 * LOCK removed by normalisation, `DROP TEMPORARY TABLE`).
 */
function mergeReaderFacts(ir: StatementIR, reader: StatementIR): StatementIR {
  if (ir.kind === 'alter-table' && reader.kind === 'alter-table') {
    if (reader.ignore) ir.ignore = true;
    if (ir.algorithm === undefined && reader.algorithm !== undefined) ir.algorithm = reader.algorithm;
    if (ir.lock === undefined && reader.lock !== undefined) ir.lock = reader.lock;
  }
  if (ir.kind === 'create-index' && reader.kind === 'create-index') {
    if (ir.algorithm === undefined && reader.algorithm !== undefined) ir.algorithm = reader.algorithm;
    if (ir.lock === undefined && reader.lock !== undefined) ir.lock = reader.lock;
  }
  return ir;
}
