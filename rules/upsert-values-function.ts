/**
 * upsert-values-function: `VALUES(col)` in ON DUPLICATE KEY UPDATE on MySQL 8.0.20+ (deprecated;
 * a row alias replaces it), or a row alias on MariaDB and MySQL before 8.0.19 (a syntax error).
 */
import { defineRule, type RuleContext } from '../src/rule.js';
import type { SuggestedFix } from '../src/diagnostic.js';
import { readInsertParts, type InsertParts, type TextSpan } from '../src/analysis/insert-parts.js';
import { compareVersions, parseServerVersion, serverFlavor } from '../src/analysis/server-version.js';
import { quoteIdentifier, quoteTableName } from '../src/analysis/sql-text.js';
import { TokenCursor } from '../src/parse/scan.js';

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** A column name as SQL: bare when it needs no quotes, else in backticks. */
function columnText(name: string): string {
  return PLAIN_NAME.test(name) ? name : quoteIdentifier(name);
}

/** `new`, or `new_row`, `new_row2`... when the statement already uses that word. */
function freshAlias(sql: string): string {
  const words = new Set<string>();
  const cursor = new TokenCursor(sql);
  for (;;) {
    const token = cursor.next();
    if (!token) break;
    if (token.type === 'word' || token.type === 'quoted-identifier') words.add(token.value.toLowerCase());
  }
  for (const candidate of ['new', 'new_row']) if (!words.has(candidate)) return candidate;
  for (let suffix = 2; ; suffix++) if (!words.has(`new_row${suffix}`)) return `new_row${suffix}`;
}

/**
 * The statement as written in the file: a fix copies the text between its replacements from here,
 * not from `unit.sql` (where comments are blanked), so comments, directives and conditional
 * comment markers inside the rewritten part survive. Same offsets as `unit.sql` when
 * `unit.exactOffsets` (the only case a fix is offered).
 */
function writtenSql(context: RuleContext): string {
  const unit = context.statement.unit;
  return unit.exactOffsets ? context.fileText.slice(unit.startOffset, unit.endOffset) : unit.sql;
}

/** Rewrites `sql[start, end)`, replacing each span (inside it, in order) by its text. */
function rewrite(sql: string, start: number, end: number, replacements: { span: TextSpan; text: string }[]): string {
  let out = '';
  let at = start;
  for (const { span, text } of replacements) {
    out += sql.slice(at, span.start) + text;
    at = span.end;
  }
  return out + sql.slice(at, end);
}

/** The file-offset fix for a replacement of `[start, end)` of the statement's SQL. */
function statementFix(context: RuleContext, description: string, start: number, end: number, text: string): SuggestedFix | undefined {
  const unit = context.statement.unit;
  if (!unit.exactOffsets) return undefined;
  return { description, range: { startOffset: unit.startOffset + start, endOffset: unit.startOffset + end }, text, safe: true };
}

function spanRange(context: RuleContext, span: TextSpan) {
  const unit = context.statement.unit;
  return unit.exactOffsets ? context.rangeOf(unit.startOffset + span.start, unit.startOffset + span.end) : undefined;
}

/** MySQL 8.0.20+: VALUES() is deprecated; suggest the row alias. */
function reportValuesCalls(context: RuleContext, parts: InsertParts, table: string, insertColumns: string[] | undefined): void {
  const calls = parts.valuesCalls;
  if (calls.length === 0) return;
  const sql = context.statement.unit.sql;
  const first = calls[0]!;
  const last = calls[calls.length - 1]!;
  const names = [...new Set(calls.map((call) => quoteIdentifier(call.column)))].join(', ');
  let fix: SuggestedFix | undefined;
  const rowSource = parts.sourceKeyword === 'VALUES' || parts.sourceKeyword === 'VALUE' || parts.sourceKeyword === 'SET';
  if (rowSource) {
    let alias = parts.rowAlias?.name;
    let aliasColumnOf = (column: string): string | undefined => column;
    if (parts.rowAlias?.columns) {
      const aliasColumns = parts.rowAlias.columns;
      aliasColumnOf = (column) => {
        const position = insertColumns?.findIndex((name) => name.toLowerCase() === column.toLowerCase()) ?? -1;
        return position >= 0 ? aliasColumns[position] : undefined;
      };
    }
    const mapped = calls.map((call) => aliasColumnOf(call.column));
    if (mapped.every((column) => column !== undefined)) {
      const start = parts.rowAlias ? parts.rowAlias.span.end : parts.sourceEnd;
      alias ??= freshAlias(sql);
      const replacements = calls.map((call, index) => ({ span: call.span, text: `${columnText(alias!)}.${columnText(mapped[index]!)}` }));
      const text = (parts.rowAlias ? '' : ` AS ${columnText(alias)}`) + rewrite(writtenSql(context), start, last.span.end, replacements);
      fix = statementFix(context, `Name the new row ${alias} and read its columns as ${alias}.col instead of VALUES(col)`, start, last.span.end, text);
    }
  }
  const how = rowSource
    ? `name the new row with a row alias and read it through the alias (MySQL 8.0.19 and later):\n  INSERT INTO ${table} ... VALUES (...) AS new ON DUPLICATE KEY UPDATE c = new.c`
    : `with INSERT ... SELECT, refer to the selected columns instead (MySQL 8.0.19 and later):\n  INSERT INTO ${table} ... SELECT * FROM (SELECT ...) AS new ON DUPLICATE KEY UPDATE c = new.c`;
  context.report({
    message: `ON DUPLICATE KEY UPDATE reads the new row through VALUES(${names}), deprecated since MySQL 8.0.20 and due for removal`,
    notes: [
      'MySQL warns (warning 1287) and will remove VALUES() here: after an upgrade this upsert becomes a syntax error, and the migration or backfill that relied on it to absorb duplicates stops',
    ],
    help: [how, 'if the migration must also run on MariaDB or on MySQL before 8.0.19, keep VALUES() and lint with --dialect mariadb or the server version configured'],
    range: spanRange(context, { start: first.span.start, end: last.span.end }),
    ...(fix ? { fix } : {}),
    data: { form: 'values-function', columns: calls.map((call) => call.column) },
  });
}

/** MariaDB or MySQL before 8.0.19: a row alias is a syntax error; suggest VALUES(). */
function reportRowAlias(context: RuleContext, parts: InsertParts, server: string): void {
  const alias = parts.rowAlias;
  if (!alias) return;
  let fix: SuggestedFix | undefined;
  if (!alias.columns) {
    const references = parts.aliasReferences;
    const end = references.length > 0 ? references[references.length - 1]!.span.end : alias.span.end;
    const replacements = [
      { span: { start: parts.sourceEnd, end: alias.span.end }, text: '' },
      ...references.map((reference) => ({ span: reference.span, text: `VALUES(${columnText(reference.column)})` })),
    ];
    fix = statementFix(context, `Drop the row alias ${alias.name} and read the new row with VALUES(col)`, parts.sourceEnd, end, rewrite(writtenSql(context), parts.sourceEnd, end, replacements));
  }
  context.report({
    message: `${server} rejects the row alias \`AS ${alias.name}\` with ERROR 1064 (syntax error): it is MySQL 8.0.19+ syntax`,
    notes: ['the upsert meant to absorb duplicate keys never runs, and the migration stops there'],
    help: [`drop the alias and read the new row with VALUES(col) in ON DUPLICATE KEY UPDATE (c = VALUES(c)), the form ${server} supports`],
    range: spanRange(context, alias.span),
    ...(fix ? { fix } : {}),
    data: { form: 'row-alias', alias: alias.name },
  });
}

export default defineRule({
  meta: {
    id: 'upsert-values-function',
    summary:
      'ON DUPLICATE KEY UPDATE uses VALUES(col), deprecated since MySQL 8.0.20, or a row alias that MariaDB and MySQL before 8.0.19 reject.',
    rationale:
      'INSERT ... ON DUPLICATE KEY UPDATE is the statement that turns a would-be ERROR 1062 into an update, ' +
      'so a data migration relies on it running at all. MySQL 8.0.19 added row aliases (`VALUES (...) AS new ' +
      '... UPDATE c = new.c`) and 8.0.20 deprecated the VALUES() function for this purpose: it raises ' +
      'warning 1287 and is planned for removal, after which the statement is a syntax error. The opposite ' +
      'holds for MariaDB (every version) and MySQL before 8.0.19: they reject a row alias with ERROR 1064, ' +
      'and VALUES() (also spelled VALUE() in MariaDB) is the supported form. The rule follows --dialect and ' +
      'the configured serverVersion (a 10.x or 11.x version is MariaDB). Sources: MySQL 8.0 manual 15.2.7.2 ' +
      '"INSERT ... ON DUPLICATE KEY UPDATE Statement" and the 8.0.20 release notes (deprecation of VALUES() ' +
      'in ON DUPLICATE KEY UPDATE); MariaDB knowledge base "INSERT ON DUPLICATE KEY UPDATE" and "VALUES / VALUE".',
    defaultSeverity: 'warning',
    tags: ['dml', 'mysql', 'mariadb'],
    fix:
      'On MySQL 8.0.19+: add a row alias after the rows and read the new row through it, ' +
      '`INSERT INTO t (a, b) VALUES (1, 2) AS new ON DUPLICATE KEY UPDATE b = new.b`; the suggested ' +
      'replacement does exactly that and is safe to apply with --fix (the statement does the same thing). ' +
      'On MariaDB or an older MySQL: drop the alias and write `b = VALUES(b)`; the suggested replacement ' +
      'does that too. A migration that must run on both keeps VALUES() and accepts the deprecation warning.',
    equivalents: ['SQLFluff: none (parses both forms)', 'MySQL server: warning 1287 at run time'],
    examples: {
      invalid: [
        {
          description: 'VALUES(value) on MySQL 8.0.20+: deprecated.',
          sql: "INSERT INTO settings (name, value) VALUES ('theme', 'dark') ON DUPLICATE KEY UPDATE value = VALUES(value);",
        },
        {
          description: 'Two columns read through VALUES() in one upsert: one finding, one fix.',
          sql: "INSERT INTO counters (name, hits, updated_at) VALUES ('home', 1, NOW()), ('about', 1, NOW())\n  ON DUPLICATE KEY UPDATE hits = hits + VALUES(hits), updated_at = VALUES(updated_at);",
        },
        {
          description: 'A row alias on MariaDB is a syntax error.',
          dialect: 'mariadb',
          sql: "INSERT INTO settings (name, value) VALUES ('theme', 'dark') AS new ON DUPLICATE KEY UPDATE value = new.value;",
        },
      ],
      valid: [
        {
          description: 'The row alias form on MySQL 8.0.19+.',
          sql: "INSERT INTO settings (name, value) VALUES ('theme', 'dark') AS new ON DUPLICATE KEY UPDATE value = new.value;",
        },
        {
          description: 'VALUES() is the supported form on MariaDB.',
          dialect: 'mariadb',
          sql: "INSERT INTO settings (name, value) VALUES ('theme', 'dark') ON DUPLICATE KEY UPDATE value = VALUES(value);",
        },
        {
          description: 'A plain INSERT has no ON DUPLICATE KEY UPDATE part.',
          sql: "INSERT INTO settings (name, value) VALUES ('theme', 'dark');",
        },
      ],
    },
  },
  check(context) {
    const ir = context.statement.ir;
    if (ir.kind !== 'insert' || !ir.onDuplicateKeyUpdate) return;
    const parts = readInsertParts(context.statement.unit.sql, 0);
    if (!parts) return;
    const version = parseServerVersion(context.serverVersion);
    const flavor = serverFlavor(context.dialect, version);
    const table = quoteTableName(ir.table);
    if (flavor === 'mariadb') {
      reportRowAlias(context, parts, 'MariaDB');
      return;
    }
    if (version && compareVersions(version, { major: 8, minor: 0, patch: 19 }) < 0) {
      reportRowAlias(context, parts, `MySQL ${context.serverVersion}`);
      return;
    }
    if (version && compareVersions(version, { major: 8, minor: 0, patch: 20 }) < 0) return; // 8.0.19 accepts both forms
    reportValuesCalls(context, parts, table, ir.columns);
  },
});
