import { describe, expect, it } from 'vitest';
import intAutoIncrement from '../../rules/int-auto-increment.js';
import replaceInto from '../../rules/replace-into.js';
import insertIgnore from '../../rules/insert-ignore.js';
import parseError, { quoteParserMessage } from '../../rules/parse-error.js';
import type { StatementIR } from '../../src/statement.js';
import {
  alterTable,
  analyzed,
  columnDef,
  columnState,
  dataType,
  runRule,
  schemaOf,
  tableState,
  uniqueKey,
  textOf,
} from './helpers.js';

function createTable(columns: ReturnType<typeof columnDef>[]): StatementIR {
  return {
    kind: 'create-table',
    table: { name: 'orders' },
    ifNotExists: false,
    temporary: false,
    columns,
    keys: [],
    foreignKeys: [],
    options: {},
    asSelect: false,
  };
}

describe('int-auto-increment', () => {
  const autoIncrement = (type: ReturnType<typeof dataType>) => columnDef('id', type, { autoIncrement: true, nullable: false, primaryKey: true });

  it('gives the maximum of each narrow type with thousands separators', () => {
    const cases: [ReturnType<typeof dataType>, string][] = [
      [dataType('INT'), 'is INT AUTO_INCREMENT: inserts fail once the counter reaches 2,147,483,647\n'],
      [dataType('INT', undefined, { unsigned: true }), 'is INT UNSIGNED AUTO_INCREMENT: inserts fail once the counter reaches 4,294,967,295\n'],
      [dataType('TINYINT'), 'counter reaches 127\n'],
      [dataType('SMALLINT', undefined, { unsigned: true }), 'counter reaches 65,535\n'],
      [dataType('MEDIUMINT'), 'counter reaches 8,388,607\n'],
    ];
    for (const [type, expected] of cases) {
      const reports = runRule(intAutoIncrement, analyzed(createTable([autoIncrement(type)])));
      expect(reports).toHaveLength(1);
      expect(textOf(reports[0]!)).toContain(expected);
    }
  });

  it('says what fails at the maximum on each server and suggests BIGINT', () => {
    const [report] = runRule(intAutoIncrement, analyzed(createTable([autoIncrement(dataType('INT', 11, { unsigned: true }))])));
    expect(textOf(report!)).toContain("ERROR 1062 (Duplicate entry '4294967295'");
    expect(textOf(report!)).toContain('MariaDB error 167');
    expect(textOf(report!)).toContain('help: declare it BIGINT UNSIGNED (largest value 18,446,744,073,709,551,615)');
    expect(report!.data).toMatchObject({ column: 'id', maximum: '4294967295', unsigned: true });
  });

  it('ignores BIGINT and columns without AUTO_INCREMENT', () => {
    expect(runRule(intAutoIncrement, analyzed(createTable([autoIncrement(dataType('BIGINT'))])))).toEqual([]);
    expect(runRule(intAutoIncrement, analyzed(createTable([columnDef('n', dataType('INT'))])))).toEqual([]);
  });

  it('checks ADD, MODIFY and CHANGE and highlights the column definition', () => {
    const sql = 'ALTER TABLE tags MODIFY id SMALLINT NOT NULL AUTO_INCREMENT';
    const column = { ...columnDef('id', dataType('SMALLINT'), { autoIncrement: true }), span: { start: 23, end: sql.length } };
    const reports = runRule(intAutoIncrement, analyzed(alterTable('tags', [{ type: 'modify-column', column }]), sql));
    expect(reports).toHaveLength(1);
    expect(reports[0]!.message).toContain('`id` of `tags` is SMALLINT AUTO_INCREMENT');
    expect(textOf(reports[0]!)).toContain('note: ALTER TABLE ... MODIFY defines the column');
    expect(reports[0]!.range?.start.column).toBe(24);
    const change = runRule(
      intAutoIncrement,
      analyzed(alterTable('tags', [{ type: 'change-column', oldName: 'id', column: columnDef('tag_id', dataType('INT'), { autoIncrement: true }) }])),
    );
    expect(change).toHaveLength(1);
  });

  it('names the foreign keys that reference the table', () => {
    const parent = tableState('tags', [columnState('id', dataType('INT'))], [uniqueKey('PRIMARY', ['id'])]);
    const child = tableState('post_tags', [columnState('tag_id', dataType('INT'))], [], {
      foreignKeys: [{ columns: ['tag_id'], referencedTable: { name: 'tags' }, referencedColumns: ['id'] }],
    });
    const reports = runRule(
      intAutoIncrement,
      analyzed(alterTable('tags', [{ type: 'modify-column', column: columnDef('id', dataType('INT'), { autoIncrement: true }) }])),
      schemaOf([parent, child]),
    );
    expect(textOf(reports[0]!)).toContain('`post_tags`(`tag_id`)');
  });
});

describe('replace-into', () => {
  const replace: StatementIR = {
    kind: 'insert',
    verb: 'replace',
    ignore: false,
    table: { name: 'accounts' },
    source: 'values',
    onDuplicateKeyUpdate: false,
  };

  it('flags REPLACE and explains delete-then-insert', () => {
    const reports = runRule(replaceInto, analyzed(replace));
    expect(reports).toHaveLength(1);
    expect(textOf(reports[0]!)).toContain('REPLACE into `accounts` deletes and re-inserts rows whose key values already exist');
    expect(textOf(reports[0]!)).toContain('INSERT ... ON DUPLICATE KEY UPDATE');
  });

  it('names the unique keys and the cascading children the model knows', () => {
    const accounts = tableState('accounts', [columnState('id', dataType('BIGINT'))], [uniqueKey('PRIMARY', ['id']), uniqueKey('uk_email', ['email'])]);
    const sessions = tableState('sessions', [columnState('account_id', dataType('BIGINT'))], [], {
      foreignKeys: [{ name: 'fk_sessions_account', columns: ['account_id'], referencedTable: { name: 'accounts' }, referencedColumns: ['id'], onDelete: 'cascade' }],
    });
    const [report] = runRule(replaceInto, analyzed(replace), schemaOf([accounts, sessions]));
    expect(textOf(report!)).toContain('has 2 unique keys (`PRIMARY`, `uk_email`)');
    expect(textOf(report!)).toContain('`sessions` (foreign key `fk_sessions_account`) ON DELETE CASCADE');
    expect(report!.data).toMatchObject({ uniqueKeys: ['PRIMARY', 'uk_email'], cascadingChildren: [{ child: { name: 'sessions' }, onDelete: 'cascade' }] });
  });

  it('flags LOAD DATA ... REPLACE but not INSERT or LOAD DATA without it', () => {
    expect(runRule(replaceInto, analyzed({ kind: 'load-data', table: { name: 't' }, duplicates: 'replace' }))).toHaveLength(1);
    expect(runRule(replaceInto, analyzed({ kind: 'load-data', table: { name: 't' }, duplicates: 'error' }))).toEqual([]);
    expect(runRule(replaceInto, analyzed({ ...replace, verb: 'insert', onDuplicateKeyUpdate: true }))).toEqual([]);
  });
});

describe('insert-ignore', () => {
  it('flags INSERT IGNORE, UPDATE IGNORE and LOAD DATA ... IGNORE', () => {
    const insert: StatementIR = { kind: 'insert', verb: 'insert', ignore: true, table: { name: 'users' }, source: 'select', onDuplicateKeyUpdate: false };
    const [report] = runRule(insertIgnore, analyzed(insert));
    expect(textOf(report!)).toContain('note: INSERT IGNORE skips rows whose PRIMARY KEY or UNIQUE key value already exists');
    expect(textOf(report!)).toContain('ERROR 1062');
    expect(textOf(report!)).toContain('ON DUPLICATE KEY UPDATE');
    expect(runRule(insertIgnore, analyzed({ kind: 'update', ignore: true, tables: [{ name: 'a' }, { name: 'b' }] }))[0]!.message).toContain(
      'UPDATE IGNORE on `a`, `b`',
    );
    expect(runRule(insertIgnore, analyzed({ kind: 'load-data', table: { name: 't' }, duplicates: 'ignore' }))).toHaveLength(1);
  });

  it('does not flag statements without IGNORE', () => {
    expect(runRule(insertIgnore, analyzed({ kind: 'update', ignore: false, tables: [{ name: 'a' }] }))).toEqual([]);
    expect(runRule(insertIgnore, analyzed({ kind: 'load-data', table: { name: 't' }, duplicates: 'replace' }))).toEqual([]);
  });
});

describe('parse-error', () => {
  const sql = 'ALTER TABLE users ADD UNIQE KEY uk (email)';
  const ir: StatementIR = { kind: 'other', what: 'ALTER TABLE' };

  it('quotes the parser and highlights the token where it stopped', () => {
    const statement = analyzed(ir, sql, { status: 'failed', message: 'Expected "COLUMN" but "UNIQE" found.', offset: 22 });
    const [report] = runRule(parseError, statement);
    expect(textOf(report!)).toContain('"Expected "COLUMN" but "UNIQE" found."');
    expect(textOf(report!)).toContain('token-level reader');
    expect(report!.range).toEqual({ start: { offset: 22, line: 1, column: 23 }, end: { offset: 27, line: 1, column: 28 } });
  });

  it('maps statement offsets to file offsets', () => {
    const file = `-- header\n${sql};`;
    const statement = analyzed(ir, sql, { status: 'failed', message: 'x', offset: 22 }, { startOffset: 10, endOffset: 10 + sql.length });
    const [report] = runRule(parseError, statement, schemaOf([]), 'mysql', file);
    expect(report!.range?.start).toEqual({ offset: 32, line: 2, column: 23 });
  });

  it('falls back to the statement range for dynamic SQL or an unknown offset', () => {
    const dynamic = analyzed(ir, sql, { status: 'failed', message: 'x', offset: 22 }, { exactOffsets: false, origin: 'dynamic-sql' });
    expect(runRule(parseError, dynamic)[0]!.range).toBeUndefined();
    const noOffset = analyzed(ir, sql, { status: 'failed', message: 'x' });
    expect(runRule(parseError, noOffset)[0]!.range).toBeUndefined();
  });

  it('reports nothing for parsed or recognised statements', () => {
    expect(runRule(parseError, analyzed(ir, sql))).toEqual([]);
    expect(runRule(parseError, analyzed(ir, sql, { status: 'recognised', by: 'token-fallback' }))).toEqual([]);
  });

  it('shortens long parser messages to one line', () => {
    const long = 'Syntax error near\n' + 'x '.repeat(300);
    const quoted = quoteParserMessage(long);
    expect(quoted.length).toBeLessThanOrEqual(240);
    expect(quoted).not.toContain('\n');
    expect(quoted.endsWith('...')).toBe(true);
  });
});

describe('parse-error message quoting', () => {
  it('keeps the "but X found" part of a long node-sql-parser message', () => {
    const alternatives = Array.from({ length: 60 }, (_, i) => `"KEYWORD_${i}"`);
    const message = `Expected ${alternatives.slice(0, -1).join(', ')}, or ${alternatives.at(-1)} but "UNIQE" found.`;
    const quoted = quoteParserMessage(message);
    expect(quoted.length).toBeLessThanOrEqual(240);
    expect(quoted.startsWith('Expected "KEYWORD_0", "KEYWORD_1"')).toBe(true);
    expect(quoted).toMatch(/\.\.\. \(\d+ more\) but "UNIQE" found\.$/);
  });
});
