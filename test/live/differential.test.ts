/**
 * Differential tests of whole migration files about new unique keys, column changes under a key
 * and written rows (the harness: test/live/differential-harness.ts; the statements that fail for
 * other reasons: differential-statements.test.ts). Each case's `setup` fills a fresh database, its
 * `migration` is linted with a live run, then really runs on that database, in strict and in
 * non-strict sql_mode; the live verdict must agree with what happened. The cases are the ones an
 * adversarial run of `--live` against MariaDB found.
 */
import { describeDifferentialCases, type DifferentialCase } from './differential-harness.js';

const CASES: DifferentialCase[] = [
  {
    name: 'uca1400_ai_ci, listed by MariaDB without a character set, makes a and A equal',
    mariadbOnly: 'uca1400 collations (MariaDB 10.10+)',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(10) COLLATE utf8mb4_bin); INSERT INTO t VALUES (1, 'a'), (2, 'A');",
    migration: 'ALTER TABLE t MODIFY s VARCHAR(10) COLLATE uca1400_ai_ci, ADD UNIQUE KEY u_s (s);',
  },
  {
    name: 'uca1400_as_cs keeps a and A apart',
    mariadbOnly: 'uca1400 collations (MariaDB 10.10+)',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(10) COLLATE utf8mb4_bin); INSERT INTO t VALUES (1, 'a'), (2, 'A');",
    migration: 'ALTER TABLE t MODIFY s VARCHAR(10) COLLATE uca1400_as_cs, ADD UNIQUE KEY u_s (s);',
  },
  {
    name: 'ADD UNIQUE KEY IF NOT EXISTS on an existing key name is a no-op',
    mariadbOnly: 'ADD KEY IF NOT EXISTS (MySQL: a syntax error)',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, UNIQUE KEY u (a)); INSERT INTO t VALUES (1, 1, 5), (2, 2, 5);',
    migration: 'ALTER TABLE t ADD UNIQUE KEY IF NOT EXISTS u (b);',
  },
  {
    name: 'CREATE UNIQUE INDEX IF NOT EXISTS on an existing key name is a no-op',
    mariadbOnly: 'CREATE INDEX IF NOT EXISTS (MySQL: a syntax error)',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, UNIQUE KEY u (a)); INSERT INTO t VALUES (1, 1, 5), (2, 2, 5);',
    migration: 'CREATE UNIQUE INDEX IF NOT EXISTS u ON t (b);',
  },
  {
    name: 'ALTER IGNORE deletes duplicates instead of failing',
    mariadbOnly: 'ALTER IGNORE TABLE (removed in MySQL 5.7)',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, b INT); INSERT INTO t VALUES (1, 5), (2, 5), (3, 6);',
    migration: 'ALTER IGNORE TABLE t ADD UNIQUE KEY u_b (b);',
  },
  {
    name: 'ALTER IGNORE clips out-of-range values instead of failing',
    mariadbOnly: 'ALTER IGNORE TABLE (removed in MySQL 5.7)',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, b INT); INSERT INTO t VALUES (1, 300), (2, 5);',
    migration: 'ALTER IGNORE TABLE t MODIFY b TINYINT, ADD UNIQUE KEY u_b (b);',
  },
  {
    name: 'a multi-table DELETE changes the rows of the table it deletes from',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, b INT); INSERT INTO t VALUES (1, 5), (2, 5), (3, 6);',
    migration: 'DELETE t1 FROM t t1 JOIN t t2 ON t1.b = t2.b AND t1.id > t2.id;\nALTER TABLE t ADD UNIQUE KEY u_b (b);',
    unknownReason: /DELETE .* changes its rows/,
  },
  {
    name: 'an AUTO_INCREMENT second part of a MyISAM key repeats across groups',
    setup: 'CREATE TABLE t (g INT NOT NULL, id INT NOT NULL AUTO_INCREMENT, PRIMARY KEY (g, id)) ENGINE=MyISAM; INSERT INTO t (g) VALUES (1), (2), (2);',
    migration: 'ALTER TABLE t ADD UNIQUE KEY u_id (id);',
  },
  {
    name: 'an AUTO_INCREMENT second part of an Aria key repeats across groups',
    mariadbOnly: 'the Aria engine',
    setup: 'CREATE TABLE t (g INT NOT NULL, id INT NOT NULL AUTO_INCREMENT, PRIMARY KEY (g, id)) ENGINE=Aria; INSERT INTO t (g) VALUES (1), (2);',
    migration: 'ALTER TABLE t ADD UNIQUE KEY u_id (id);',
  },
  {
    name: 'a narrower DECIMAL scale rounds 1.21 and 1.24 to 1.2',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, v DECIMAL(6,2), UNIQUE KEY u_v (v)); INSERT INTO t VALUES (1, 1.21), (2, 1.24);',
    migration: 'ALTER TABLE t MODIFY v DECIMAL(6,1);',
  },
  {
    name: 'a narrower DECIMAL precision overflows',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, v DECIMAL(8,2)); INSERT INTO t VALUES (1, 123456.5), (2, 99999.99);',
    migration: 'ALTER TABLE t MODIFY v DECIMAL(5,2), ADD UNIQUE KEY u_v (v);',
  },
  {
    name: 'fewer DATETIME fractional digits truncate .400 and .600 to the same second',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, d DATETIME(3)); INSERT INTO t VALUES (1, '2024-01-01 10:00:00.400'), (2, '2024-01-01 10:00:00.600');",
    migration: 'ALTER TABLE t MODIFY d DATETIME(0), ADD UNIQUE KEY u_d (d);',
  },
  {
    name: 'fewer TIME fractional digits',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, d TIME(2), UNIQUE KEY u_d (d)); INSERT INTO t VALUES (1, '10:00:00.25'), (2, '10:00:00.75');",
    migration: 'ALTER TABLE t MODIFY d TIME;',
  },
  {
    name: 'an ENUM member removed',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, e ENUM('a','b','c','d')); INSERT INTO t VALUES (1, 'c'), (2, 'd'), (3, 'a');",
    migration: "ALTER TABLE t MODIFY e ENUM('a','b'), ADD UNIQUE KEY u_e (e);",
  },
  {
    name: 'ENUM members reordered keep their labels',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, e ENUM('a','b','c')); INSERT INTO t VALUES (1, 'c'), (2, 'a');",
    migration: "ALTER TABLE t MODIFY e ENUM('c','b','a'), ADD UNIQUE KEY u_e (e);",
  },
  {
    name: 'a SET member removed',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, s SET('a','b','c')); INSERT INTO t VALUES (1, 'a,c'), (2, 'a');",
    migration: "ALTER TABLE t MODIFY s SET('a','b'), ADD UNIQUE KEY u_s (s);",
  },
  {
    name: 'a unique key without the partitioning column fails with 1503',
    setup: 'CREATE TABLE t (id INT NOT NULL, b INT) PARTITION BY HASH (id) PARTITIONS 2; INSERT INTO t VALUES (1, 1), (2, 2);',
    migration: 'ALTER TABLE t ADD UNIQUE KEY u_b (b);',
  },
  {
    name: 'a unique key with the partitioning column',
    setup: 'CREATE TABLE t (id INT NOT NULL, b INT) PARTITION BY HASH (id) PARTITIONS 2; INSERT INTO t VALUES (1, 1), (2, 1);',
    migration: 'ALTER TABLE t ADD UNIQUE KEY u_b (b, id);',
  },
  {
    name: 'TEXT in a MEMORY table fails with 1163',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(10)) ENGINE=MEMORY; INSERT INTO t VALUES (1, 'x'), (2, 'y');",
    migration: 'ALTER TABLE t MODIFY a TEXT, ADD UNIQUE KEY u_a (a(5));',
  },
  {
    name: 'a unique key on a system-versioned table fails with 4119',
    mariadbOnly: 'system-versioned tables',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, a INT) WITH SYSTEM VERSIONING; INSERT INTO t VALUES (1, 1), (2, 2);',
    migration: 'ALTER TABLE t ADD UNIQUE KEY u_a (a);',
  },
  {
    name: 'ALTER TABLE of a view fails with 1347',
    setup: 'CREATE TABLE base (id INT PRIMARY KEY, a INT); CREATE VIEW t AS SELECT id, a FROM base;',
    migration: 'ALTER TABLE t ADD UNIQUE KEY u_a (a);',
  },
  {
    name: 'NOT NULL over NULLs of a column in a unique key',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, a INT, UNIQUE KEY u_a (a)); INSERT INTO t VALUES (1, NULL), (2, NULL), (3, 1);',
    migration: 'ALTER TABLE t MODIFY a INT NOT NULL;',
  },
  {
    name: 'VARBINARY to a case-insensitive VARCHAR',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, b VARBINARY(10), UNIQUE KEY u_b (b)); INSERT INTO t VALUES (1, 'abc'), (2, 'ABC');",
    migration: 'ALTER TABLE t MODIFY b VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;',
  },
  {
    name: 'VARBINARY with bytes that are not UTF-8 to VARCHAR',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, b VARBINARY(10), UNIQUE KEY u_b (b)); INSERT INTO t VALUES (1, x'C0'), (2, x'C1');",
    migration: 'ALTER TABLE t MODIFY b VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;',
  },
  {
    name: 'a shorter VARCHAR of a key column',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(20), UNIQUE KEY u_s (s)); INSERT INTO t VALUES (1, 'John Smith'), (2, 'John Travolta');",
    migration: 'ALTER TABLE t MODIFY s VARCHAR(4);',
  },
  {
    name: 'CONVERT TO CHARACTER SET latin1 over two different emoji',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(10), UNIQUE KEY u_s (s)) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin; INSERT INTO t VALUES (1, '😀'), (2, '😃');",
    migration: 'ALTER TABLE t CONVERT TO CHARACTER SET latin1;',
  },
  {
    name: 'a literal 1.6 into an INT key is stored as 2',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (2);',
    migration: 'INSERT INTO t (id) VALUES (1.6);',
  },
  {
    name: 'literal 1.4 and 1.2 into an INT key are both 1',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (5);',
    migration: 'INSERT INTO t (id) VALUES (1.4), (1.2);',
  },
  {
    name: "'a' into BINARY(4) is padded with zero bytes",
    setup: "CREATE TABLE t (id INT PRIMARY KEY, b BINARY(4), UNIQUE KEY u_b (b)); INSERT INTO t VALUES (1, x'61000000');",
    migration: "INSERT INTO t (id, b) VALUES (2, 'a');",
  },
  {
    name: 'a FLOAT literal rounds to the stored single-precision value',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, f FLOAT, UNIQUE KEY u_f (f)); INSERT INTO t VALUES (1, 0.1);',
    migration: 'INSERT INTO t (id, f) VALUES (2, 0.1000000001);',
  },
  {
    name: "CONCAT('a','b') equals a stored 'ab'",
    setup: "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(10), UNIQUE KEY u_s (s)); INSERT INTO t VALUES (1, 'ab');",
    migration: "INSERT INTO t (id, s) VALUES (2, CONCAT('a', 'b'));",
  },
  {
    name: 'a hex literal equals a stored string',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(10), UNIQUE KEY u_s (s)); INSERT INTO t VALUES (1, 'ab');",
    migration: 'INSERT INTO t (id, s) VALUES (2, 0x6162);',
  },
  {
    name: "literal 'a' and 'A ' collide under a PAD SPACE _ci collation",
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(10) COLLATE utf8mb4_general_ci, UNIQUE KEY u_s (s));',
    migration: "INSERT INTO t (id, s) VALUES (1, 'a'), (2, 'A ');",
  },
  {
    name: "literal 'a' and 'a ' are distinct under a NO PAD collation",
    mariadbOnly: 'the utf8mb4_nopad_bin collation',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(10) COLLATE utf8mb4_nopad_bin, UNIQUE KEY u_s (s)); INSERT INTO t VALUES (9, 'b');",
    migration: "INSERT INTO t (id, s) VALUES (1, 'a'), (2, 'a ');",
  },
  {
    name: 'a literal too long for its VARCHAR key column',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(3), UNIQUE KEY u_s (s)); INSERT INTO t VALUES (1, 'abc');",
    migration: "INSERT INTO t (id, s) VALUES (2, 'abcdef');",
  },
  {
    name: 'literal rows with new values',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(10), UNIQUE KEY u_s (s)); INSERT INTO t VALUES (1, 'x');",
    migration: "INSERT INTO t (id, s) VALUES (2, 'y'), (3, CONCAT('z', 1));",
  },
  {
    name: 'INSERT ... SELECT into a narrower DECIMAL key rounds 1.21 and 1.24 to 1.2',
    setup: 'CREATE TABLE src (id INT PRIMARY KEY, v DECIMAL(6,2)); INSERT INTO src VALUES (1, 1.21), (2, 1.24); CREATE TABLE t (id INT PRIMARY KEY, v DECIMAL(6,1), UNIQUE KEY u_v (v));',
    migration: 'INSERT INTO t (id, v) SELECT id, v FROM src;',
  },
  {
    name: 'INSERT ... SELECT into a shorter VARCHAR key',
    setup: "CREATE TABLE src (id INT PRIMARY KEY, s VARCHAR(20)); INSERT INTO src VALUES (1, 'abcd1'), (2, 'abcd2'); CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(4), UNIQUE KEY u_s (s));",
    migration: 'INSERT INTO t (id, s) SELECT id, s FROM src;',
  },
  {
    name: 'INSERT ... SELECT of values the table already holds under its collation',
    setup: "CREATE TABLE src (id INT PRIMARY KEY, s VARCHAR(20) COLLATE utf8mb4_bin); INSERT INTO src VALUES (1, 'ALICE'); CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(20) COLLATE utf8mb4_general_ci, UNIQUE KEY u_s (s)); INSERT INTO t VALUES (9, 'alice');",
    migration: 'INSERT INTO t (id, s) SELECT id, s FROM src;',
  },
  {
    name: 'promoting a non-unique index to unique over duplicates (index path)',
    reads: 'index',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, a INT, KEY i_a (a)); INSERT INTO t VALUES (1, 1), (2, 1), (3, 2), (4, NULL), (5, NULL);',
    migration: 'ALTER TABLE t DROP INDEX i_a, ADD UNIQUE KEY u_a (a);',
  },
  {
    name: 'promoting a non-unique index to unique over NULLs only (index path)',
    reads: 'index',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, a INT, KEY i_a (a)); INSERT INTO t VALUES (1, 1), (2, 2), (3, NULL), (4, NULL);',
    migration: 'ALTER TABLE t DROP INDEX i_a, ADD UNIQUE KEY u_a (a);',
  },
  {
    name: "an index under a _ci collation groups 'a', 'A' and 'a ' (index path)",
    reads: 'index',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(10) COLLATE utf8mb4_general_ci, KEY i_s (s)); INSERT INTO t VALUES (1, 'a'), (2, 'A'), (3, 'a '), (4, 'b');",
    migration: 'ALTER TABLE t ADD UNIQUE KEY u_s (s);',
  },
  {
    name: "an index under a NO PAD collation keeps 'a' and 'a ' apart (index path)",
    mariadbOnly: 'the utf8mb4_nopad_bin collation',
    reads: 'index',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(10) COLLATE utf8mb4_nopad_bin, KEY i_s (s)); INSERT INTO t VALUES (1, 'a'), (2, 'a '), (3, 'b');",
    migration: 'ALTER TABLE t ADD UNIQUE KEY u_s (s);',
  },
  {
    name: 'a two-column key over an index of the columns in the other order (index path)',
    reads: 'index',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, KEY i_ba (b, a)); INSERT INTO t VALUES (1, 1, 1), (2, 1, 2), (3, 2, 1), (4, 1, 1), (5, NULL, 1), (6, NULL, 1);',
    migration: 'ALTER TABLE t ADD UNIQUE KEY u_ab (a, b);',
  },
  {
    name: 'a key that is the leading part of a wider index (index path)',
    reads: 'index',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, KEY i_ab (a, b)); INSERT INTO t VALUES (1, 1, 1), (2, 1, 2), (3, 2, 1);',
    migration: 'ALTER TABLE t ADD UNIQUE KEY u_a (a);',
  },
  {
    name: 'a prefix index does not serve a full-length key',
    reads: 'sort',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(20), KEY i_s (s(3))); INSERT INTO t VALUES (1, 'abcdef'), (2, 'abcxyz');",
    migration: 'ALTER TABLE t ADD UNIQUE KEY u_s (s);',
  },
  {
    name: 'a new collation does not use the index of the old one',
    reads: 'sort',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(20) COLLATE utf8mb4_bin, KEY i_s (s)); INSERT INTO t VALUES (1, 'a'), (2, 'A');",
    migration: 'ALTER TABLE t MODIFY s VARCHAR(20) COLLATE utf8mb4_general_ci, ADD UNIQUE KEY u_s (s);',
  },
  {
    name: 'more duplicate groups than the samples hold (index path stops early)',
    mariadbOnly: 'the seq_1_to_N sequence tables',
    reads: 'index',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, a INT, KEY i_a (a)); INSERT INTO t SELECT seq, seq DIV 2 FROM seq_1_to_40;',
    migration: 'ALTER TABLE t ADD UNIQUE KEY u_a (a);',
  },
  {
    name: 'an index of a partitioned table (index path)',
    reads: 'index',
    setup: 'CREATE TABLE t (id INT NOT NULL, b INT, KEY i_b_id (b, id)) PARTITION BY HASH (id) PARTITIONS 3; INSERT INTO t VALUES (1, 1), (2, 1), (3, 2), (4, 2), (5, 3);',
    migration: 'ALTER TABLE t ADD UNIQUE KEY u_b (b, id);',
  },
  {
    name: 'a DATETIME index with equal values (index path)',
    reads: 'index',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, d DATETIME(3), KEY i_d (d)); INSERT INTO t VALUES (1, '2024-01-01 10:00:00.400'), (2, '2024-01-01 10:00:00.400'), (3, '2024-01-01 10:00:00.600');",
    migration: 'ALTER TABLE t ADD UNIQUE KEY u_d (d);',
  },
  {
    name: 'INSERT ... SELECT of new distinct values',
    setup: "CREATE TABLE src (id INT PRIMARY KEY, s VARCHAR(20)); INSERT INTO src VALUES (1, 'x'), (2, 'y'); CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(20), UNIQUE KEY u_s (s)); INSERT INTO t VALUES (9, 'z');",
    migration: 'INSERT INTO t (id, s) SELECT id, s FROM src;',
  },
];

// Every case is also linted with the index path off and the rows not counted: the sort path must
// give the same findings.
describeDifferentialCases('live verdicts against the real statement', CASES, { fileDatabaseCase: true, compareReadPaths: true });
