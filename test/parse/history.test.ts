/**
 * The history fast path (src/parse/history.ts): the first-token classifier, the write heads it
 * reads without node-sql-parser, and, over the real-world corpus, the proof that replaying
 * history through it leaves the schema model exactly as the full analysis does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { unitsInExecutionOrder } from '../../src/engine/execution-order.js';
import { MigrationLinter } from '../../src/engine/lint.js';
import { analyzeStatement } from '../../src/parse/analyze.js';
import { astToIr } from '../../src/parse/ast-to-ir.js';
import { analyzeHistoryStatement, historyRole, type HistoryRole } from '../../src/parse/history.js';
import { parseWithNodeSqlParser } from '../../src/parse/parser.js';
import { readWithTokens } from '../../src/parse/fallback.js';
import { SchemaModel } from '../../src/schema/model.js';
import { upPartOf } from '../../src/source/conventions.js';
import { planMigrationSets } from '../../src/source/discover.js';
import { splitStatements } from '../../src/split/splitter.js';
import type { StatementUnit } from '../../src/statement.js';
import { unitOf } from './unit.js';
import { corpusPresent, corpusRoot } from '../support/corpus.js';

const parserCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/parse/parser.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/parse/parser.js')>();
  return {
    ...original,
    parseWithNodeSqlParser: (...args: Parameters<typeof original.parseWithNodeSqlParser>) => {
      parserCalls.count++;
      return original.parseWithNodeSqlParser(...args);
    },
  };
});

/** Every unit of a file in execution order, as the engine replays them. */
function unitsOf(text: string): StatementUnit[] {
  return [...unitsInExecutionOrder(splitStatements(text), text)];
}

/** The role of each unit of a file, with the unit's first words for a readable failure. */
function rolesOf(text: string): [string, HistoryRole][] {
  return unitsOf(text).map((unit) => [unit.sql.trim().split(/\s+/).slice(0, 2).join(' '), historyRole(unit.sql)]);
}

describe('first-token classifier of history statements', () => {
  it('sends DDL to the full reading, writes to their head, and nothing else anywhere', () => {
    const cases: [string, HistoryRole][] = [
      ['CREATE TABLE t (a INT)', 'schema'],
      ['CREATE TEMPORARY TABLE t (a INT)', 'schema'],
      ['CREATE OR REPLACE TABLE t (a INT)', 'schema'],
      ['CREATE UNIQUE INDEX u ON t (a)', 'schema'],
      ['ALTER TABLE t ADD UNIQUE KEY u (a)', 'schema'],
      ['ALTER IGNORE TABLE t ADD UNIQUE (a)', 'schema'],
      ['DROP TABLE IF EXISTS t', 'schema'],
      ['DROP INDEX u ON t', 'schema'],
      ['RENAME TABLE a TO b', 'schema'],
      ['INSERT INTO db.t VALUES (1)', 'write'],
      ['INSERT IGNORE INTO `db`.`t` (a) SELECT a FROM u', 'write'],
      ['REPLACE INTO t SET a = 1', 'write'],
      ['REPLACE t VALUES (1)', 'write'],
      ['UPDATE t SET a = 1 WHERE b = 2', 'write'],
      ['DELETE FROM t WHERE a = 1', 'write'],
      ['TRUNCATE TABLE t', 'write'],
      ["LOAD DATA INFILE 'x.csv' INTO TABLE t", 'write'],
      ['WITH c AS (SELECT 1) UPDATE t JOIN c SET t.a = 1', 'write'],
      ['WITH c AS (SELECT 1) DELETE FROM t', 'write'],
      // Not valid in MySQL or MariaDB; classified as a write all the same, so it is read in full.
      ['WITH c AS (SELECT 1) INSERT INTO t SELECT * FROM c', 'write'],
      ['WITH c AS (SELECT 1) SELECT * FROM c', 'none'],
      ['SELECT * FROM t', 'none'],
      ['(SELECT 1) UNION (SELECT 2)', 'none'],
      ["SET @s = 'ALTER TABLE t ADD UNIQUE (a)'", 'none'],
      ['SET NAMES utf8mb4', 'none'],
      ['CALL add_migration()', 'none'],
      ['CREATE PROCEDURE p() BEGIN ALTER TABLE t ADD UNIQUE (a); END', 'none'],
      ['CREATE DEFINER=`root`@`localhost` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1', 'none'],
      ['DROP PROCEDURE IF EXISTS p', 'none'],
      ['CREATE VIEW v AS SELECT 1', 'none'],
      ['ALTER DATABASE d CHARACTER SET utf8mb4', 'none'],
      ['LOCK TABLES t WRITE', 'none'],
      ['SHOW TABLES', 'none'],
      ['FROBNICATE everything', 'none'],
      ['', 'none'],
    ];
    for (const [sql, role] of cases) expect([sql, historyRole(sql)]).toEqual([sql, role]);
  });

  it('reads past comments and conditional-comment markers before the keyword', () => {
    expect(historyRole('-- a note\n/* another */ # and one more\n  INSERT INTO t VALUES (1)')).toBe('write');
    expect(historyRole('/*!40000 ALTER TABLE `t` DISABLE KEYS */')).toBe('schema');
    expect(historyRole('/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`%`*/ /*!50003 TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1 */')).toBe('none');
    expect(historyRole('/*M!100101 SET @x = 1 */')).toBe('none');
    // As the splitter hands them over: comments blanked, markers removed.
    expect(rolesOf('/* head */ -- note\nUPDATE t SET a = 1;\n/*!40101 SET NAMES utf8 */;\n/*!40000 ALTER TABLE t ENABLE KEYS */;\n')).toEqual([
      ['UPDATE t', 'write'],
      ['SET NAMES', 'none'],
      ['ALTER TABLE', 'schema'],
    ]);
  });

  it('classifies the statements of DELIMITER blocks and of CREATE PROCEDURE bodies one by one', () => {
    const file = [
      'DROP PROCEDURE IF EXISTS add_migration;',
      'DELIMITER ??',
      'CREATE PROCEDURE `add_migration`()',
      'BEGIN',
      'DECLARE v INT DEFAULT 1;',
      "SET v = (SELECT COUNT(*) FROM `migrations` WHERE `id` = '1');",
      'IF v = 0 THEN',
      "INSERT INTO `migrations` VALUES ('1');",
      '-- Add your query below.',
      'UPDATE `creature_template` SET `faction` = 21 WHERE `entry` = 10389;',
      'DELETE FROM `creature_loot_template` WHERE `entry` = 3;',
      'ALTER TABLE `creature` ADD UNIQUE KEY `u` (`guid`);',
      'END IF;',
      'END??',
      'DELIMITER ;',
      'CALL add_migration();',
      'DROP PROCEDURE IF EXISTS add_migration;',
    ].join('\n');
    expect(rolesOf(file)).toEqual([
      ['DROP PROCEDURE', 'none'],
      ['CREATE PROCEDURE', 'none'],
      ['DECLARE v', 'none'],
      ['SET v', 'none'],
      ['INSERT INTO', 'write'],
      ['UPDATE `creature_template`', 'write'],
      ['DELETE FROM', 'write'],
      ['ALTER TABLE', 'schema'],
      ['CALL add_migration()', 'none'],
      ['DROP PROCEDURE', 'none'],
    ]);
  });
});

describe('history statements read without node-sql-parser', () => {
  const history = (sql: string) => analyzeHistoryStatement(unitOf(sql), 'mysql');

  it('reads the head of each write from tokens', () => {
    const before = parserCalls.count;
    expect(history('UPDATE LOW_PRIORITY `db`.`t` SET `a` = 1, t.b = (SELECT MAX(x) FROM u WHERE u.y = t.y) WHERE c = 2').ir).toEqual({
      kind: 'update',
      ignore: false,
      tables: [{ schema: 'db', name: 't' }],
      setColumns: [{ column: 'a' }, { table: 't', column: 'b' }],
    });
    expect(history('DELETE FROM db.t').ir).toEqual({ kind: 'delete', tables: [{ schema: 'db', name: 't' }], hasWhere: false, hasLimit: false });
    expect(history('DELETE QUICK FROM t WHERE a IN (1, 2) LIMIT 5').ir).toEqual({ kind: 'delete', tables: [{ name: 't' }], hasWhere: true, hasLimit: true });
    expect(history('TRUNCATE TABLE `t`').ir).toEqual({ kind: 'truncate', table: { name: 't' } });
    expect(history("LOAD DATA LOCAL INFILE 'x' REPLACE INTO TABLE t").ir).toEqual({ kind: 'load-data', table: { name: 't' }, duplicates: 'replace' });
    expect(history('INSERT INTO db.t (a) SELECT a FROM u').ir).toMatchObject({ kind: 'insert', verb: 'insert', table: { schema: 'db', name: 't' }, source: 'select' });
    const rows = history("REPLACE INTO t (a, b) VALUES (1, 'x'), (2, 'y')");
    expect(rows.parse).toEqual({ status: 'recognised', by: 'bulk-insert' });
    expect(rows.ir).toMatchObject({ kind: 'insert', verb: 'replace', table: { name: 't' }, source: 'values', rows: { count: 2 } });
    expect(history('SELECT * FROM t').ir).toEqual({ kind: 'inert', what: 'SELECT' });
    expect(history('FROBNICATE everything')).toMatchObject({ ir: { kind: 'other', what: 'FROBNICATE EVERYTHING' }, parse: { status: 'recognised', by: 'history-skip' } });
    expect(history('UPDATE t SET a = 1').parse).toEqual({ status: 'recognised', by: 'write-head' });
    expect(parserCalls.count).toBe(before);
  });

  it('reads DDL with the token reader, and gives node-sql-parser what the reader cannot read completely', () => {
    const before = parserCalls.count;
    expect(history('ALTER TABLE t ADD UNIQUE KEY u (a(10), b), ALGORITHM = INPLACE')).toEqual({
      unit: expect.anything(),
      ir: {
        kind: 'alter-table',
        table: { name: 't' },
        ignore: false,
        algorithm: 'inplace',
        actions: [{ type: 'add-key', key: { kind: 'unique', name: 'u', parts: [{ column: 'a', prefixLength: 10 }, { column: 'b' }], span: expect.anything() } }],
      },
      parse: { status: 'recognised', by: 'token-fallback' },
    });
    expect(parserCalls.count).toBe(before);
    // A clause the token reader does not know: the full analysis decides.
    expect(history('ALTER TABLE t ADD UNIQUE KEY u (a), FROBNICATE everything').ir.kind).toBe('alter-table');
    expect(parserCalls.count).toBe(before + 1);
    // `SET 1 = 2` is no assignment the token reader knows.
    expect(history('UPDATE t SET 1 = 2').parse.status).not.toBe('recognised');
    expect(parserCalls.count).toBe(before + 2);
  });
});

describe('the engine replays history through the fast path', () => {
  it('replays a history file without node-sql-parser when the token reader reads its DDL', () => {
    const linter = new MigrationLinter();
    const before = parserCalls.count;
    linter.replay(
      [
        'CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(100));',
        "UPDATE users SET email = LOWER(email) WHERE id > 0;",
        'DELETE FROM users WHERE email IS NULL;',
        "SELECT COUNT(*) FROM users;",
        "SET @x = 'y';",
        'CALL refresh();',
        'ALTER TABLE users ADD UNIQUE KEY uk_email (email);',
      ].join('\n'),
    );
    expect(parserCalls.count - before).toBe(0);
    expect(linter.schema.table('users')?.uniqueKeys.map((key) => key.name)).toEqual(['PRIMARY', 'uk_email']);
  });
});


/** The model's tables as comparable text, in name order (object keys sorted; arrays keep their order). */
function modelText(model: SchemaModel): string {
  const sortedKeys = (key: string, value: unknown) =>
    key === 'span' ? undefined : value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value;
  return [...model.tables()].map((table) => JSON.stringify(table, sortedKeys)).sort().join('\n');
}

describe.skipIf(!corpusPresent)('history fast path over the corpus', () => {
  it('leaves the same schema model as the full analysis after every file of every migration set', { timeout: 600_000 }, async () => {
    const plans = await planMigrationSets([corpusRoot], corpusRoot);
    let files = 0;
    let statements = 0;
    const mismatches: string[] = [];
    for (const plan of plans) {
      const full = new SchemaModel({ dialect: 'mysql' });
      const fast = new SchemaModel({ dialect: 'mysql' });
      for (const file of plan.files) {
        const text = upPartOf(plan.convention, readFileSync(file.absolutePath, 'utf8')).text;
        full.beginFile('history');
        fast.beginFile('history');
        for (const unit of unitsOf(text)) {
          full.apply(analyzeStatement(unit, 'mysql'));
          fast.apply(analyzeHistoryStatement(unit, 'mysql'));
          statements++;
        }
        files++;
        if (modelText(full) !== modelText(fast)) mismatches.push(file.displayPath);
        // Let the worker answer its runner between files.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    expect(mismatches).toEqual([]);
    expect(files).toBeGreaterThan(1500);
    expect(statements).toBeGreaterThan(100_000);
  });

  it('reads the tables and SET columns of UPDATE statements as node-sql-parser does', { timeout: 600_000 }, async () => {
    // A sample: every UPDATE of the corpus outside vmangos and every 20th of vmangos' 75,000.
    const plans = await planMigrationSets([corpusRoot], corpusRoot);
    let compared = 0;
    let seen = 0;
    const disagreements: string[] = [];
    for (const plan of plans) {
      for (const file of plan.files) {
        const text = readFileSync(file.absolutePath, 'utf8');
        for (const unit of unitsOf(text)) {
          if (!/^\s*UPDATE\b/i.test(unit.sql)) continue;
          if (file.absolutePath.includes('vmangos') && seen++ % 20 !== 0) continue;
          const reading = readWithTokens(unit.sql);
          const parsed = parseWithNodeSqlParser(unit.sql, 'mysql');
          if (!reading.complete || 'failure' in parsed) continue;
          const fromAst = astToIr(parsed.ast, undefined);
          if (fromAst?.kind !== 'update' || reading.ir.kind !== 'update') continue;
          compared++;
          const same = JSON.stringify(fromAst.tables) === JSON.stringify(reading.ir.tables) && JSON.stringify(fromAst.setColumns) === JSON.stringify(reading.ir.setColumns);
          if (!same) disagreements.push(`${file.displayPath}: ${unit.sql.replace(/\s+/g, ' ').slice(0, 160)}`);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(4000);
  });
});
