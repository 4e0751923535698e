/**
 * The token-level fallback on statements node-sql-parser rejects. The statements are taken from
 * the corpus (Apache Ranger, ZoneMinder, osTicket, gh-ost) and from the MariaDB test suite cases.
 */
import { describe, expect, it } from 'vitest';
import { readWithTokens } from '../../src/parse/fallback.js';
import { parseWithNodeSqlParser } from '../../src/parse/parser.js';
import { analyse } from './unit.js';

/** Asserts node-sql-parser itself rejects `sql`, so the test exercises the fallback. */
function expectParserRejects(sql: string, dialect: 'mysql' | 'mariadb' = 'mysql'): void {
  expect('failure' in parseWithNodeSqlParser(sql, dialect), `node-sql-parser accepts: ${sql}`).toBe(true);
}

describe('token-level fallback', () => {
  it('keeps the columns and keys of a CREATE TABLE with a template placeholder, and reports the parse failure', () => {
    const sql =
      'CREATE TABLE `Models` ( `Id` int(10) unsigned NOT NULL auto_increment, `Name` varchar(64) NOT NULL, `ManufacturerId` int(10), PRIMARY KEY (`Id`), UNIQUE KEY (`ManufacturerId`,`Name`) ) ENGINE=@ZM_MYSQL_ENGINE@';
    expectParserRejects(sql);
    const analysed = analyse(sql);
    expect(analysed.parse.status).toBe('failed');
    if (analysed.parse.status !== 'failed') return;
    expect(analysed.parse.message).toMatch(/Expected/);
    expect(typeof analysed.parse.offset).toBe('number');
    if (analysed.ir.kind !== 'create-table') throw new Error(analysed.ir.kind);
    expect(analysed.ir.columns[0]).toMatchObject({ name: 'Id', type: { name: 'INT', unsigned: true, length: 10 }, autoIncrement: true, nullable: false });
    expect(analysed.ir.keys.map((key) => [key.kind, key.parts.map((part) => part.column)])).toEqual([
      ['primary', ['Id']],
      ['unique', ['ManufacturerId', 'Name']],
    ]);
  });

  it('reads MariaDB ALTER IGNORE TABLE ... ADD UNIQUE KEY with several keys', () => {
    const sql = 'ALTER IGNORE TABLE t1 ADD UNIQUE KEY (a,c), ADD UNIQUE KEY (b,d), ADD UNIQUE KEY (e)';
    expectParserRejects(sql, 'mariadb');
    const analysed = analyse(sql, 'mariadb');
    expect(analysed.parse).toEqual({ status: 'recognised', by: 'token-fallback' });
    if (analysed.ir.kind !== 'alter-table') throw new Error(analysed.ir.kind);
    expect(analysed.ir.ignore).toBe(true);
    expect(analysed.ir.actions.map((action) => (action.type === 'add-key' ? action.key.parts.map((part) => part.column) : action.type))).toEqual([
      ['a', 'c'],
      ['b', 'd'],
      ['e'],
    ]);
  });

  it('reads UPDATE IGNORE and LOAD DATA ... REPLACE', () => {
    const update = 'UPDATE IGNORE t SET a = a + 1';
    expectParserRejects(update);
    // node-sql-parser rejects it; the token reader reads an UPDATE's head without it.
    expect(analyse(update)).toMatchObject({ ir: { kind: 'update', ignore: true, tables: [{ name: 't' }], setColumns: [{ column: 'a' }] }, parse: { status: 'recognised', by: 'write-head' } });
    const load = "LOAD DATA CONCURRENT LOCAL INFILE 'data.txt' REPLACE INTO TABLE t CHARACTER SET utf8mb4";
    expect(analyse(load)).toMatchObject({ ir: { kind: 'load-data', table: { name: 't' }, duplicates: 'replace' } });
    expect(analyse(load).parse.status).not.toBe('failed');
  });

  it('reads ADD COLUMN / MODIFY / CHANGE with NOT NULL, DEFAULT, UNIQUE and AUTO_INCREMENT when the statement also holds unknown syntax', () => {
    // `ALTER COLUMN ... SET INVISIBLE` is a clause the parser does not know.
    const sql =
      "ALTER TABLE t ADD COLUMN code INT UNSIGNED NOT NULL DEFAULT 0 UNIQUE, MODIFY id BIGINT NOT NULL AUTO_INCREMENT, CHANGE old_name new_name VARCHAR(20) CHARACTER SET latin1 NOT NULL DEFAULT 'x', ALTER COLUMN c SET INVISIBLE";
    expectParserRejects(sql);
    const analysed = analyse(sql);
    if (analysed.ir.kind !== 'alter-table') throw new Error(analysed.ir.kind);
    expect(analysed.ir.actions.slice(0, 3)).toMatchObject([
      { type: 'add-column', column: { name: 'code', nullable: false, unique: true, default: { kind: 'number', text: '0' }, type: { name: 'INT', unsigned: true } } },
      { type: 'modify-column', column: { name: 'id', autoIncrement: true, nullable: false, type: { name: 'BIGINT' } } },
      { type: 'change-column', oldName: 'old_name', column: { name: 'new_name', charset: 'latin1', default: { kind: 'string', value: 'x' } } },
    ]);
  });

  it('is strict about completeness: a skipped clause makes the outcome failed', () => {
    const sql = 'ALTER TABLE t ADD UNIQUE KEY u (a), FROBNICATE THE TABLE';
    expectParserRejects(sql);
    const reading = readWithTokens(sql);
    expect(reading.complete).toBe(false);
    const analysed = analyse(sql);
    expect(analysed.parse.status).toBe('failed');
    // The unique key is still reported to the rules.
    if (analysed.ir.kind !== 'alter-table') throw new Error(analysed.ir.kind);
    expect(analysed.ir.actions[0]).toMatchObject({ type: 'add-key', key: { kind: 'unique', name: 'u' } });
  });

  it('does not invent tables from template placeholders in UPDATE', () => {
    const sql = 'UPDATE `%TABLE_PREFIX%ticket_attachment` A1 JOIN %TABLE_PREFIX%_unknown_inlines A2 ON (A1.attach_id = A2.attach_id) SET A1.inline = 1';
    expectParserRejects(sql);
    expect(readWithTokens(sql).complete).toBe(false);
    expect(analyse(sql).parse.status).toBe('failed');
  });

  it('reads REPLACE and INSERT IGNORE whose rows the fast path cannot read', () => {
    const sql = 'REPLACE INTO t (a) VALUES ROW(1), ROW(2)';
    const analysed = analyse(sql);
    expect(analysed.ir).toMatchObject({ kind: 'insert', verb: 'replace', table: { name: 't' }, source: 'values' });
  });

  it('reads CREATE UNIQUE INDEX with a MariaDB IF NOT EXISTS', () => {
    const analysed = analyse('CREATE UNIQUE INDEX IF NOT EXISTS ux ON t (a, b(4))', 'mariadb');
    expect(analysed.parse.status).not.toBe('failed');
    expect(analysed.ir).toMatchObject({ kind: 'create-index', key: { kind: 'unique', name: 'ux', ifNotExists: true, parts: [{ column: 'a' }, { column: 'b', prefixLength: 4 }] } });
  });

  it('reads the old TYPE=MyISAM table option as the engine', () => {
    const analysed = analyse('CREATE TABLE States ( Name varchar(32) NOT NULL default \'\', Definition tinytext NOT NULL, PRIMARY KEY (Name) ) TYPE=MyISAM');
    expect(analysed.ir).toMatchObject({ kind: 'create-table', options: { engine: 'MyISAM' } });
    expect(analysed.parse.status).not.toBe('failed');
  });
});
