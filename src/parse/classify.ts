/**
 * Cheap recognition of a statement by its leading keywords: statements that cannot add rows or
 * keys ("inert") and stored-program definitions. Reads at most a few dozen tokens, so a 100 MB
 * statement costs nothing here.
 */
import type { StatementIR, TableName } from '../statement.js';
import { isSymbol, isWord, type Token } from '../split/lexer.js';
import { TokenCursor } from './scan.js';

/** Statements whose first keyword alone makes them inert (MySQL 8.0 manual, chapter 15 "SQL Statements"). */
const INERT_FIRST_WORDS = new Set([
  'SET', 'USE', 'FLUSH', 'DEALLOCATE', 'EXECUTE', 'PREPARE', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN',
  'CALL', 'BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE', 'DECLARE', 'OPEN', 'FETCH', 'CLOSE',
  'LEAVE', 'ITERATE', 'RETURN', 'SIGNAL', 'RESIGNAL', 'GRANT', 'REVOKE', 'DO', 'KILL', 'HANDLER', 'XA',
  'RESET', 'PURGE', 'CHECKSUM', 'CACHE', 'INSTALL', 'UNINSTALL', 'HELP', 'BINLOG', 'SHUTDOWN',
  'RESTART', 'START', 'STOP', 'LOCK', 'UNLOCK', 'OPTIMIZE', 'ANALYZE', 'CHECK', 'REPAIR', 'SELECT',
  'GET', 'BACKUP', 'CLONE', 'IMPORT', 'DELIMITER', 'END', 'VALUES', 'TABLE',
]);

/** Object kinds after CREATE / ALTER / DROP that are inert (views, users, databases, programs...). */
const INERT_OBJECTS = new Set([
  'VIEW', 'USER', 'ROLE', 'DATABASE', 'SCHEMA', 'SERVER', 'TABLESPACE', 'LOGFILE', 'INSTANCE',
  'RESOURCE', 'SPATIAL_REFERENCE', 'UNDO', 'PROCEDURE', 'FUNCTION', 'TRIGGER', 'EVENT', 'SEQUENCE',
  'PACKAGE', 'SYNONYM',
]);

const PROGRAM_KINDS = new Set(['PROCEDURE', 'FUNCTION', 'TRIGGER', 'EVENT']);

/** Object kinds that may follow CREATE / ALTER / DROP after modifiers. */
const OBJECT_KINDS = new Set([...INERT_OBJECTS, 'TABLE', 'INDEX', 'TABLES']);

/** Words that name an inert statement with a second word, for `what`. */
const TWO_WORD_NAMES = new Set(['LOCK', 'UNLOCK', 'OPTIMIZE', 'ANALYZE', 'CHECK', 'REPAIR', 'START', 'DEALLOCATE', 'FLUSH', 'SHOW', 'STOP', 'RESET', 'CHECKSUM']);

function upper(token: Token | undefined): string {
  return token && token.type === 'word' ? token.text.toUpperCase() : '';
}

/**
 * The object kind of a CREATE/ALTER/DROP statement, skipping modifiers such as OR REPLACE,
 * DEFINER = user, ALGORITHM = x, SQL SECURITY x, TEMPORARY, UNIQUE, IGNORE, ONLINE. Returns the
 * kind in upper case and the look-ahead position just after it, or undefined.
 */
function objectKind(cursor: TokenCursor): { kind: string; after: number } | undefined {
  for (let ahead = 1; ahead < 40; ahead++) {
    const token = cursor.peek(ahead);
    if (!token) return undefined;
    if (token.type !== 'word') continue;
    const word = token.text.toUpperCase();
    const previous = cursor.peek(ahead - 1);
    // A DEFINER value such as `root@localhost` or `admin` must not be read as a kind.
    if (isSymbol(previous, '=')) continue;
    if (OBJECT_KINDS.has(word)) return { kind: word, after: ahead + 1 };
  }
  return undefined;
}

/** Reads a possibly qualified name starting at look-ahead `ahead`. */
function nameAt(cursor: TokenCursor, ahead: number): TableName | undefined {
  let index = ahead;
  if (isWord(cursor.peek(index), 'IF')) index += isWord(cursor.peek(index + 1), 'NOT') ? 3 : 2;
  const first = cursor.peek(index);
  if (!first || (first.type !== 'word' && first.type !== 'quoted-identifier' && first.type !== 'string')) return undefined;
  if (isSymbol(cursor.peek(index + 1), '.')) {
    const second = cursor.peek(index + 2);
    if (second && (second.type === 'word' || second.type === 'quoted-identifier')) return { schema: first.value, name: second.value };
  }
  return { name: first.value };
}

/** True when a SELECT statement writes a file (`INTO OUTFILE` / `INTO DUMPFILE`), still inert. */
function selectWhat(cursor: TokenCursor): string {
  for (let ahead = 1; ahead < 4000; ahead++) {
    const token = cursor.peek(ahead);
    if (!token) break;
    if (isWord(token, 'INTO')) {
      const next = cursor.peek(ahead + 1);
      if (isWord(next, 'OUTFILE') || isWord(next, 'DUMPFILE')) return 'SELECT INTO OUTFILE';
    }
  }
  return 'SELECT';
}

/**
 * At `WITH`: true when the statement after the common table expressions is a query (SELECT,
 * TABLE, VALUES or a parenthesised query) rather than UPDATE or DELETE.
 */
function withQueryIsSelect(cursor: TokenCursor): boolean {
  let depth = 0;
  for (let ahead = 1; ahead < 4000; ahead++) {
    const token = cursor.peek(ahead);
    if (!token) return false;
    if (isSymbol(token, '(')) {
      // At depth 0, `(` after AS opens a CTE body and after a name a column list; after the
      // closing `)` of the last CTE it opens the main query.
      if (depth === 0 && !isWord(cursor.peek(ahead - 1), 'AS') && !isSymbol(cursor.peek(ahead - 1), ',') && cursor.peek(ahead - 1)?.type === 'symbol') return true;
      depth++;
    } else if (isSymbol(token, ')')) depth--;
    else if (depth === 0 && token.type === 'word') {
      const word = token.text.toUpperCase();
      if (word === 'SELECT' || word === 'TABLE' || word === 'VALUES') return true;
      if (word === 'UPDATE' || word === 'DELETE' || word === 'INSERT' || word === 'REPLACE') return false;
    }
  }
  return false;
}

/**
 * Recognises inert statements and stored-program definitions by their leading tokens.
 *
 * @returns the IR (`inert` or `create-program`) or undefined when the statement needs a closer
 * reading. Never throws.
 */
export function classifyByHead(sql: string): { ir: StatementIR; by: 'inert' | 'program' } | undefined {
  const cursor = new TokenCursor(sql);
  let first = cursor.peek(0);
  // `(SELECT ...)` and `((SELECT ...) UNION ...)`.
  let parens = 0;
  while (isSymbol(cursor.peek(parens), '(') && parens < 20) parens++;
  if (parens > 0) {
    first = cursor.peek(parens);
    if (isWord(first, 'SELECT') || isWord(first, 'WITH')) return { ir: { kind: 'inert', what: 'SELECT' }, by: 'inert' };
    return undefined;
  }
  if (!first) return { ir: { kind: 'inert', what: 'EMPTY' }, by: 'inert' };
  // A labelled block or loop (`label: BEGIN`, `label: LOOP`) is control flow, not a statement of its own.
  if ((first.type === 'word' || first.type === 'quoted-identifier') && isSymbol(cursor.peek(1), ':')) {
    return { ir: { kind: 'inert', what: 'LABEL' }, by: 'inert' };
  }
  const word = upper(first);
  if (word === 'SELECT') return { ir: { kind: 'inert', what: selectWhat(cursor) }, by: 'inert' };
  if (word === 'WITH') return withQueryIsSelect(cursor) ? { ir: { kind: 'inert', what: 'SELECT' }, by: 'inert' } : undefined;
  if (word === 'ALTER' && (isWord(cursor.peek(1), 'TABLE') || isWord(cursor.peek(1), 'IGNORE') || isWord(cursor.peek(1), 'ONLINE') || isWord(cursor.peek(1), 'OFFLINE'))) {
    return undefined;
  }
  if (word === 'START' && isWord(cursor.peek(1), 'TRANSACTION')) return { ir: { kind: 'inert', what: 'START TRANSACTION' }, by: 'inert' };
  if (word === 'CHANGE' && (isWord(cursor.peek(1), 'MASTER') || isWord(cursor.peek(1), 'REPLICATION'))) {
    return { ir: { kind: 'inert', what: `CHANGE ${upper(cursor.peek(1))}` }, by: 'inert' };
  }
  if (word === 'RENAME' && isWord(cursor.peek(1), 'USER')) return { ir: { kind: 'inert', what: 'RENAME USER' }, by: 'inert' };
  if (INERT_FIRST_WORDS.has(word)) {
    // `TABLE t` and `VALUES ROW(...)` are query statements; `CHECK TABLE`, `LOCK TABLES` take a second word.
    const second = upper(cursor.peek(1));
    const what = TWO_WORD_NAMES.has(word) && second ? `${word} ${second}` : word;
    return { ir: { kind: 'inert', what }, by: 'inert' };
  }
  if (word === 'CREATE' || word === 'ALTER' || word === 'DROP') {
    const found = objectKind(cursor);
    if (!found) return undefined;
    if (word === 'CREATE' && PROGRAM_KINDS.has(found.kind)) {
      const name = nameAt(cursor, found.after);
      return {
        ir: {
          kind: 'create-program',
          programKind: found.kind.toLowerCase() as 'procedure' | 'function' | 'trigger' | 'event',
          name: name ? (name.schema ? `${name.schema}.${name.name}` : name.name) : '',
        },
        by: 'program',
      };
    }
    if (INERT_OBJECTS.has(found.kind)) return { ir: { kind: 'inert', what: `${word} ${found.kind}` }, by: 'inert' };
  }
  return undefined;
}
