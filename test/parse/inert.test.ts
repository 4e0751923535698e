import { describe, expect, it } from 'vitest';
import { analyse, irOf } from './unit.js';

const INERT: Array<[string, string]> = [
  ['SET NAMES utf8mb4', 'SET'],
  ['SET @v = 1', 'SET'],
  ['SET SESSION sql_mode = ""', 'SET'],
  ['SET FOREIGN_KEY_CHECKS = 0', 'SET'],
  ['USE app', 'USE'],
  ['LOCK TABLES t WRITE', 'LOCK TABLES'],
  ['UNLOCK TABLES', 'UNLOCK TABLES'],
  ['OPTIMIZE TABLE t', 'OPTIMIZE TABLE'],
  ['ANALYZE TABLE t', 'ANALYZE TABLE'],
  ['CHECK TABLE t', 'CHECK TABLE'],
  ['REPAIR TABLE t', 'REPAIR TABLE'],
  ['FLUSH PRIVILEGES', 'FLUSH PRIVILEGES'],
  ['DROP PROCEDURE IF EXISTS p', 'DROP PROCEDURE'],
  ['DROP FUNCTION f', 'DROP FUNCTION'],
  ['DROP TRIGGER IF EXISTS tr', 'DROP TRIGGER'],
  ['DROP EVENT e', 'DROP EVENT'],
  ['DROP VIEW v', 'DROP VIEW'],
  ['DEALLOCATE PREPARE stmt', 'DEALLOCATE PREPARE'],
  ['EXECUTE stmt', 'EXECUTE'],
  ["PREPARE stmt FROM 'ALTER TABLE t ADD UNIQUE (a)'", 'PREPARE'],
  ['SELECT 1', 'SELECT'],
  ['SELECT a INTO @v FROM t LIMIT 1', 'SELECT'],
  ["SELECT * FROM t INTO OUTFILE '/tmp/t.csv'", 'SELECT INTO OUTFILE'],
  ['(SELECT 1) UNION (SELECT 2)', 'SELECT'],
  ['SHOW TABLES', 'SHOW TABLES'],
  ['DESCRIBE t', 'DESCRIBE'],
  ['EXPLAIN SELECT 1', 'EXPLAIN'],
  ['CALL p(1)', 'CALL'],
  ['START TRANSACTION', 'START TRANSACTION'],
  ['BEGIN', 'BEGIN'],
  ['COMMIT', 'COMMIT'],
  ['ROLLBACK', 'ROLLBACK'],
  ['SAVEPOINT s1', 'SAVEPOINT'],
  ['DECLARE done INT DEFAULT 0', 'DECLARE'],
  ['OPEN cur', 'OPEN'],
  ['FETCH cur INTO a', 'FETCH'],
  ['CLOSE cur', 'CLOSE'],
  ['LEAVE read_loop', 'LEAVE'],
  ['ITERATE read_loop', 'ITERATE'],
  ['RETURN 1', 'RETURN'],
  ["SIGNAL SQLSTATE '45000'", 'SIGNAL'],
  ['RESIGNAL', 'RESIGNAL'],
  ["GRANT SELECT ON db.* TO 'u'@'%'", 'GRANT'],
  ["REVOKE ALL ON db.* FROM 'u'@'%'", 'REVOKE'],
  ["CREATE USER 'u'@'%' IDENTIFIED BY 'p'", 'CREATE USER'],
  ["ALTER USER 'u'@'%' IDENTIFIED BY 'p'", 'ALTER USER'],
  ["DROP USER 'u'@'%'", 'DROP USER'],
  ['CREATE DATABASE IF NOT EXISTS app', 'CREATE DATABASE'],
  ['DROP SCHEMA app', 'DROP SCHEMA'],
  ['CREATE OR REPLACE ALGORITHM=MERGE DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW v AS SELECT 1', 'CREATE VIEW'],
  ['DO SLEEP(1)', 'DO'],
  ['KILL 12', 'KILL'],
  ['HANDLER t OPEN', 'HANDLER'],
];

describe('inert statements', () => {
  for (const [sql, what] of INERT) {
    it(`recognises ${sql}`, () => {
      const analysed = analyse(sql);
      expect(analysed.parse).toEqual({ status: 'recognised', by: 'inert' });
      expect(analysed.ir).toEqual({ kind: 'inert', what });
    });
  }

  it('does not treat statements that add rows or keys as inert', () => {
    for (const sql of ['CREATE TABLE t2 SELECT * FROM t1', 'INSERT INTO t SELECT 1', 'ALTER TABLE t ADD UNIQUE (a)', 'DROP TABLE t', 'DROP INDEX i ON t', 'CREATE UNIQUE INDEX u ON t (a)']) {
      expect(analyse(sql).ir.kind, sql).not.toBe('inert');
    }
  });
});

describe('stored programs', () => {
  it('recognises CREATE PROCEDURE / FUNCTION / TRIGGER / EVENT with DEFINER and OR REPLACE', () => {
    const cases: Array<[string, string, string]> = [
      ['CREATE PROCEDURE p() BEGIN SELECT 1; END', 'procedure', 'p'],
      ['CREATE DEFINER=`root`@`localhost` PROCEDURE `db`.`p2`(IN a INT) BEGIN END', 'procedure', 'db.p2'],
      ["CREATE DEFINER='admin'@'%' FUNCTION f() RETURNS INT RETURN 1", 'function', 'f'],
      ['CREATE DEFINER=CURRENT_USER TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1', 'trigger', 'tr'],
      ['CREATE OR REPLACE EVENT IF NOT EXISTS ev ON SCHEDULE EVERY 1 DAY DO DELETE FROM t', 'event', 'ev'],
    ];
    for (const [sql, programKind, name] of cases) {
      const analysed = analyse(sql);
      expect(analysed.parse, sql).toEqual({ status: 'recognised', by: 'program' });
      expect(analysed.ir, sql).toEqual({ kind: 'create-program', programKind, name });
    }
  });

  it('reads a program-body statement like any other', () => {
    expect(irOf('INSERT IGNORE INTO t (a) VALUES (1)', 'insert').ignore).toBe(true);
  });
});
