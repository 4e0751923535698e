/**
 * The history fast path: how a statement of a history file (replayed, never reported on) becomes
 * IR.
 *
 * Replaying history needs only what can change the schema model: DDL (CREATE / ALTER / DROP /
 * RENAME), read in full, and the head of each write (which table it writes, whether a DELETE has a
 * WHERE, which columns an UPDATE assigns), read from tokens without node-sql-parser. Every other
 * statement (SELECT, SET, CALL, SHOW, ...) cannot change the model and is not read beyond its
 * first words. The first words decide (`historyRole`). DDL and writes are read by the project's
 * token reader; a statement it cannot read completely goes through the full analysis
 * (`analyzeStatement`, node-sql-parser first), so the fast path never knows less than the full one
 * about what the model replays (test/parse/history.test.ts compares the two over the corpus).
 */
import type { Dialect } from '../rule.js';
import type { AnalyzedStatement, StatementIR, StatementUnit } from '../statement.js';
import { analyzeStatement } from './analyze.js';
import { readBulkInsert } from './bulk-insert.js';
import { classifyByHead } from './classify.js';
import { leadingWords, readWithTokens } from './fallback.js';
import { TokenCursor } from './scan.js';

/**
 * What a history statement can do to the schema model, from its first tokens:
 * - `schema`: DDL that may create, change or drop tables and keys: read in full;
 * - `write`: a write (INSERT, REPLACE, UPDATE, DELETE, TRUNCATE, LOAD DATA/XML, or a `WITH` that
 *   leads to one): its head is read from tokens;
 * - `none`: cannot change the model (SELECT, SET, CALL, a stored-program header, any statement
 *   the model has no use for): not read further.
 */
export type HistoryRole = 'schema' | 'write' | 'none';

/** First words of the statements that change tables or keys (MySQL 8.0 manual 15.1 "Data Definition Statements"). */
const SCHEMA_VERBS = new Set(['CREATE', 'ALTER', 'DROP', 'RENAME']);

/** First words of the writes (MySQL 8.0 manual 15.2 "Data Manipulation Statements"; `WITH` may lead to UPDATE or DELETE). */
const WRITE_VERBS = new Set(['INSERT', 'REPLACE', 'UPDATE', 'DELETE', 'TRUNCATE', 'LOAD', 'WITH']);

/** IR kinds that a write's head reading may yield. */
const WRITE_KINDS = new Set<StatementIR['kind']>(['insert', 'update', 'delete', 'truncate', 'load-data']);

/** IR kinds of DDL whose complete token reading stands for the statement (see `analyzeHistoryStatement`). */
const SCHEMA_KINDS = new Set<StatementIR['kind']>(['create-table', 'alter-table', 'create-index', 'drop-index', 'drop-table', 'rename-table']);

function firstWord(sql: string): string {
  const token = new TokenCursor(sql).peek(0);
  return token?.type === 'word' ? token.text.toUpperCase() : '';
}

function roleOfVerb(verb: string): HistoryRole {
  if (SCHEMA_VERBS.has(verb)) return 'schema';
  if (WRITE_VERBS.has(verb)) return 'write';
  return 'none';
}

/**
 * Classifies one statement's SQL (`StatementUnit.sql`: comments blanked, `/*! ... *\/` markers
 * removed; raw text with comments also works) by its first tokens. Reads a few dozen tokens at
 * most, except for a `WITH`, whose common table expressions are skipped to the main verb.
 * Never throws.
 */
export function historyRole(sql: string): HistoryRole {
  if (classifyByHead(sql)) return 'none';
  return roleOfVerb(firstWord(sql));
}

/**
 * Analyses one statement of a history file for replay into the schema model.
 *
 * @returns the same IR the full analysis gives for inert statements and stored-program headers;
 *   for DDL, the complete token reading (`parse.by: 'token-fallback'`) or the full analysis; for a
 *   write, its head read from tokens (`parse.by: 'write-head'`, or
 *   `'bulk-insert'` for `INSERT ... VALUES` as in the full path); for any other statement
 *   `{kind: 'other'}` with `parse.by: 'history-skip'`. Never throws.
 */
export function analyzeHistoryStatement(unit: StatementUnit, dialect: Dialect): AnalyzedStatement {
  try {
    const sql = unit.sql;
    const head = classifyByHead(sql);
    if (head) return { unit, ir: head.ir, parse: { status: 'recognised', by: head.by } };
    const verb = firstWord(sql);
    const role = roleOfVerb(verb);
    if (role === 'none') return { unit, ir: { kind: 'other', what: leadingWords(sql) }, parse: { status: 'recognised', by: 'history-skip' } };
    if (role === 'write') {
      if (verb === 'INSERT' || verb === 'REPLACE') {
        const bulk = readBulkInsert(sql);
        if (bulk) return { unit, ir: bulk, parse: { status: 'recognised', by: 'bulk-insert' } };
      }
      const reading = readWithTokens(sql);
      if (reading.complete && WRITE_KINDS.has(reading.ir.kind)) return { unit, ir: reading.ir, parse: { status: 'recognised', by: 'write-head' } };
    } else {
      // DDL that the token reader reads completely: on every such statement of the corpus its IR
      // equals the one node-sql-parser's AST gives (test/parse/corpus.test.ts), so history need
      // not pay for the parser; any other DDL gets the full analysis.
      const reading = readWithTokens(sql);
      if (reading.complete && SCHEMA_KINDS.has(reading.ir.kind)) return { unit, ir: reading.ir, parse: { status: 'recognised', by: 'token-fallback' } };
    }
  } catch {
    // The full analysis below reports what went wrong.
  }
  return analyzeStatement(unit, dialect);
}
