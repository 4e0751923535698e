/**
 * Differential tests of statements that fail without a new unique key (the harness:
 * test/live/differential-harness.ts): an UPDATE that makes two rows equal on a unique key, a
 * second AUTO_INCREMENT column (ERROR 1075), a narrow AUTO_INCREMENT column added over more rows
 * than it numbers, and DROP COLUMN of a member of a composite unique key (MariaDB: ERROR 1072;
 * MySQL: the key shrinks). Each runs in strict and non-strict sql_mode against an identical copy.
 */
import { describeDifferentialCases, type DifferentialCase } from './differential-harness.js';
import { numberRows } from './helpers.js';

/** `INSERT INTO <table> (a)` of the numbers 1..n (any server: test/live/helpers.ts `numberRows`). */
function numbers(table: string, n: number): string {
  return `INSERT INTO ${table} (a) SELECT n FROM ${numberRows(n)};`;
}

const USERS = 'CREATE TABLE t (id INT PRIMARY KEY, email VARCHAR(50) COLLATE utf8mb4_bin, code VARCHAR(3), a VARCHAR(5), b VARCHAR(5), UNIQUE KEY u_email (email), UNIQUE KEY u_code (code));';

const SHIFT = /row by row/;

const CASES: DifferentialCase[] = [
  // UPDATE that makes two rows equal on a unique key
  {
    name: 'UPDATE SET email = LOWER(email) makes two addresses equal under utf8mb4_bin',
    setup: `${USERS} INSERT INTO t (id, email) VALUES (1, 'Alice@x'), (2, 'alice@x'), (3, 'bob@x');`,
    migration: 'UPDATE t SET email = LOWER(email);',
  },
  {
    name: 'UPDATE SET email = LOWER(email) over distinct addresses',
    setup: `${USERS} INSERT INTO t (id, email) VALUES (1, 'Alice@x'), (2, 'bob@x');`,
    migration: 'UPDATE t SET email = LOWER(email);',
  },
  {
    name: "a constant SET on a unique column over a WHERE matching two rows",
    setup: `${USERS} INSERT INTO t (id, code) VALUES (1, 'p'), (2, 'q'), (3, 'r');`,
    migration: "UPDATE t SET code = 'x' WHERE id > 1;",
  },
  {
    name: 'a constant SET on a unique column over a WHERE matching one row',
    setup: `${USERS} INSERT INTO t (id, code) VALUES (1, 'p'), (2, 'q'), (3, 'r');`,
    migration: "UPDATE t SET code = 'x' WHERE id = 3;",
  },
  {
    name: 'an updated row takes the value of a row the UPDATE does not touch',
    setup: `${USERS} INSERT INTO t (id, code) VALUES (1, 'p'), (2, 'q');`,
    migration: "UPDATE t SET code = 'p' WHERE id = 2;",
  },
  {
    name: 'an expression over other columns makes two rows equal',
    setup: `${USERS} INSERT INTO t (id, a, b) VALUES (1, 'x', 'y'), (2, 'xy', '');`,
    migration: 'UPDATE t SET code = CONCAT(a, b);',
  },
  {
    name: 'an expression over other columns keeps the rows apart',
    setup: `${USERS} INSERT INTO t (id, a, b) VALUES (1, 'x', 'y'), (2, 'x', 'z');`,
    migration: 'UPDATE t SET code = CONCAT(a, b);',
  },
  {
    name: 'NULL assigned to two rows of a unique key does not collide',
    setup: `${USERS} INSERT INTO t (id, code) VALUES (1, 'p'), (2, 'q');`,
    migration: 'UPDATE t SET code = NULL;',
  },
  {
    name: 'a LIMIT above the matching rows updates them all',
    setup: `${USERS} INSERT INTO t (id, code) VALUES (1, 'p'), (2, 'q'), (3, 'r');`,
    migration: "UPDATE t SET code = 'x' WHERE id IN (1, 2) ORDER BY id LIMIT 5;",
  },
  {
    name: 'a too-long value: ERROR 1406 in strict mode, truncated to a free value otherwise',
    setup: `${USERS} INSERT INTO t (id, code) VALUES (1, 'zzz'), (2, 'q');`,
    migration: "UPDATE t SET code = 'abcdef' WHERE id = 2;",
  },
  {
    name: 'a too-long value truncated onto a value another row holds',
    setup: `${USERS} INSERT INTO t (id, code) VALUES (1, 'abc'), (2, 'q');`,
    migration: "UPDATE t SET code = 'abcdef' WHERE id = 2;",
  },
  {
    name: 'the second column of a composite unique key set to one value',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, g INT, n INT, UNIQUE KEY u_gn (g, n)); INSERT INTO t VALUES (1, 1, 1), (2, 1, 2), (3, 2, 1);',
    migration: 'UPDATE t SET n = 0 WHERE g = 1;',
  },
  {
    name: 'a unique generated column over the assigned column',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, email VARCHAR(50) COLLATE utf8mb4_bin, lower_email VARCHAR(50) AS (LOWER(email)) STORED, UNIQUE KEY u_lower (lower_email)); INSERT INTO t (id, email) VALUES (1, 'a@x'), (2, 'b@x');",
    migration: "UPDATE t SET email = 'A@x' WHERE id = 2;",
    unknownReason: /generated or set ON UPDATE/,
  },
  {
    name: 'UPDATE IGNORE never fails on duplicates',
    setup: `${USERS} INSERT INTO t (id, email) VALUES (1, 'Alice@x'), (2, 'alice@x');`,
    migration: 'UPDATE IGNORE t SET email = LOWER(email);',
  },
  {
    name: 'id = id + 1 over a primary key depends on the order rows are updated in',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t VALUES (1, 0), (2, 0), (3, 0);',
    migration: 'UPDATE t SET id = id + 1;',
    unknownReason: SHIFT,
  },
  {
    name: 'id = id + 1 with ORDER BY id DESC frees each value first',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t VALUES (1, 0), (2, 0), (3, 0);',
    migration: 'UPDATE t SET id = id + 1 ORDER BY id DESC;',
  },
  {
    name: 'id = id + 1 with ORDER BY id takes a value before it is freed',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t VALUES (1, 0), (2, 0), (3, 0);',
    migration: 'UPDATE t SET id = id + 1 ORDER BY t.id ASC;',
  },
  {
    name: 'a unique column shifted down in the order of a composite primary key',
    setup: 'CREATE TABLE t (g INT NOT NULL, n INT NOT NULL, code INT, PRIMARY KEY (g, n), UNIQUE KEY u_code (code)); INSERT INTO t VALUES (1, 1, 10), (1, 2, 11), (2, 1, 12);',
    migration: 'UPDATE t SET code = code - 1 ORDER BY g, n;',
  },
  {
    name: 'a unique column shifted up in the order of a composite primary key',
    setup: 'CREATE TABLE t (g INT NOT NULL, n INT NOT NULL, code INT, PRIMARY KEY (g, n), UNIQUE KEY u_code (code)); INSERT INTO t VALUES (1, 1, 10), (1, 2, 11), (2, 1, 12);',
    migration: 'UPDATE t SET code = code + 1 ORDER BY g, n;',
  },
  {
    name: 'a unique column shifted up in the reverse order of a composite primary key',
    setup: 'CREATE TABLE t (g INT NOT NULL, n INT NOT NULL, code INT, PRIMARY KEY (g, n), UNIQUE KEY u_code (code)); INSERT INTO t VALUES (1, 1, 10), (1, 2, 11), (2, 1, 12);',
    migration: 'UPDATE t SET code = code + 1 WHERE g >= 1 ORDER BY g DESC, n DESC;',
  },
  {
    name: 'an UPDATE in a trigger body runs later, over the rows of its own time',
    setup: `${USERS} CREATE TABLE log (id INT PRIMARY KEY, code VARCHAR(3)); INSERT INTO t (id, code) VALUES (1, 'p'), (2, 'q');`,
    migration: 'CREATE TRIGGER log_code AFTER INSERT ON log FOR EACH ROW UPDATE t SET code = NEW.code;',
    unknownReason: /in the body of a stored program or trigger/,
  },
  // A second AUTO_INCREMENT column: ERROR 1075 before any duplicate check
  {
    name: 'ADD COLUMN INT AUTO_INCREMENT UNIQUE on a table that already has one',
    setup: 'CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, a INT); INSERT INTO t (a) VALUES (1), (2);',
    migration: 'ALTER TABLE t ADD COLUMN n INT AUTO_INCREMENT UNIQUE;',
  },
  {
    name: 'ADD COLUMN AUTO_INCREMENT UNIQUE on a table without one',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, a INT); INSERT INTO t VALUES (1, 1), (2, 2);',
    migration: 'ALTER TABLE t ADD COLUMN n BIGINT AUTO_INCREMENT UNIQUE;',
  },
  // ADD COLUMN of a narrow AUTO_INCREMENT column over more rows than it numbers
  {
    name: 'ADD COLUMN TINYINT AUTO_INCREMENT UNIQUE over 300 rows',
    setup: `CREATE TABLE t (a INT); ${numbers('t', 300)}`,
    migration: 'ALTER TABLE t ADD COLUMN c TINYINT AUTO_INCREMENT UNIQUE;',
  },
  {
    name: 'ADD COLUMN TINYINT AUTO_INCREMENT UNIQUE over 100 rows',
    setup: `CREATE TABLE t (a INT); ${numbers('t', 100)}`,
    migration: 'ALTER TABLE t ADD COLUMN c TINYINT AUTO_INCREMENT UNIQUE;',
  },
  {
    name: 'ADD COLUMN TINYINT AUTO_INCREMENT UNIQUE over 129 InnoDB rows (the values wrap to -128 and -1)',
    setup: `CREATE TABLE t (a INT) ENGINE=InnoDB; ${numbers('t', 129)}`,
    migration: 'ALTER TABLE t ADD COLUMN c TINYINT AUTO_INCREMENT UNIQUE;',
  },
  {
    name: 'ADD COLUMN TINYINT AUTO_INCREMENT UNIQUE over 130 InnoDB rows',
    setup: `CREATE TABLE t (a INT) ENGINE=InnoDB; ${numbers('t', 130)}`,
    migration: 'ALTER TABLE t ADD COLUMN c TINYINT AUTO_INCREMENT UNIQUE;',
  },
  {
    name: 'ADD COLUMN TINYINT AUTO_INCREMENT UNIQUE over 128 MyISAM rows',
    setup: `CREATE TABLE t (a INT) ENGINE=MyISAM; ${numbers('t', 128)}`,
    migration: 'ALTER TABLE t ADD COLUMN c TINYINT AUTO_INCREMENT UNIQUE;',
  },
  {
    name: 'ADD COLUMN TINYINT AUTO_INCREMENT UNIQUE over 128 Aria rows',
    setup: `CREATE TABLE t (a INT) ENGINE=Aria; ${numbers('t', 128)}`,
    migration: 'ALTER TABLE t ADD COLUMN c TINYINT AUTO_INCREMENT UNIQUE;',
    mariadbOnly: 'the Aria engine',
  },
  {
    name: 'ADD COLUMN TINYINT UNSIGNED AUTO_INCREMENT UNIQUE over 256 InnoDB rows (the last one gets 0)',
    setup: `CREATE TABLE t (a INT) ENGINE=InnoDB; ${numbers('t', 256)}`,
    migration: 'ALTER TABLE t ADD COLUMN c TINYINT UNSIGNED AUTO_INCREMENT UNIQUE;',
  },
  {
    name: 'ADD COLUMN TINYINT UNSIGNED AUTO_INCREMENT UNIQUE over 257 rows',
    setup: `CREATE TABLE t (a INT); ${numbers('t', 257)}`,
    migration: 'ALTER TABLE t ADD COLUMN c TINYINT UNSIGNED AUTO_INCREMENT UNIQUE;',
  },
  {
    name: 'ADD COLUMN SMALLINT AUTO_INCREMENT PRIMARY KEY over 300 rows',
    setup: `CREATE TABLE t (a INT); ${numbers('t', 300)}`,
    migration: 'ALTER TABLE t ADD COLUMN c SMALLINT AUTO_INCREMENT PRIMARY KEY;',
  },
  // DROP COLUMN of a member of a composite unique key
  {
    name: 'DROP COLUMN of a composite unique key member when the remaining column repeats',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, UNIQUE KEY u (a, b)); INSERT INTO t VALUES (1, 1, 1), (2, 1, 2);',
    migration: 'ALTER TABLE t DROP COLUMN b;',
  },
  {
    name: 'DROP COLUMN of a composite unique key member when the remaining column is distinct',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, UNIQUE KEY u (a, b)); INSERT INTO t VALUES (1, 1, 1), (2, 2, 2);',
    migration: 'ALTER TABLE t DROP COLUMN b;',
  },
  {
    name: 'DROP COLUMN of a composite primary key member',
    setup: 'CREATE TABLE t (id INT NOT NULL, v INT NOT NULL, a INT, PRIMARY KEY (id, v)); INSERT INTO t VALUES (1, 1, 0), (1, 2, 0);',
    migration: 'ALTER TABLE t DROP COLUMN v;',
  },
  {
    name: 'DROP INDEX then DROP COLUMN of its member',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, UNIQUE KEY u (a, b)); INSERT INTO t VALUES (1, 1, 1), (2, 1, 2);',
    migration: 'ALTER TABLE t DROP INDEX u, DROP COLUMN b;',
  },
];

describeDifferentialCases('live verdicts of statements that fail without a new unique key', CASES);
