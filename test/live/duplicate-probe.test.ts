/**
 * Differential tests of the duplicate finder: for each case the probe's outcome must equal what
 * happens when the statement really runs on a scratch copy of the table (1062, another error, or
 * success). The expected column restates the outcome the MySQL/MariaDB documentation and test
 * suites give for the case (see the research notes and server-tests/CASES.md), so a case also
 * fails when both the probe and the server drift together from the documented behaviour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeUniqueKeys, type DuplicateProbeResult, type ProbeKeyPart, type UniqueKeyProbe } from '../../src/live/duplicate-probe.js';
import type { LiveConnection } from '../../src/live/connection.js';
import type { LiveSession } from '../../src/live/session.js';
import type { DataType } from '../../src/statement.js';
import { boundedQueryStart, createScratch, flavorOf, liveServer, numberRows, openSession, runOnCopy, type Scratch } from './helpers.js';

const { server, skipReason } = liveServer();

type Outcome = DuplicateProbeResult['outcome'];

interface DifferentialCase {
  name: string;
  /** Creates and fills table `t`. */
  setup: string;
  /** The statement under test, on the table named by the argument (already quoted). */
  statement: (table: string) => string;
  /** The unique keys the statement leaves, as the engine would describe them. */
  keys: Omit<UniqueKeyProbe, 'table'>[];
  /** Documented outcome. */
  expected: Outcome;
  /** Run the statement and the probe as in non-strict sql_mode (the statement in a session with `sql_mode = ''`). */
  nonStrict?: boolean;
  /**
   * Set for a case built on a MariaDB-only feature (its NO PAD collations, ...): the feature. It
   * has no MySQL counterpart and runs only against MariaDB.
   */
  mariadbOnly?: string;
  /** The documented outcome on MySQL, where it differs from `expected` (MariaDB's). */
  mysqlExpected?: Outcome;
}

const type = (name: string, length?: number, unsigned = false): DataType => ({
  name,
  unsigned,
  ...(length !== undefined ? { length } : {}),
});
const unique = (keyName: string, ...parts: ProbeKeyPart[]): Omit<UniqueKeyProbe, 'table'> => ({ keyName, primary: false, parts });
const primary = (...parts: ProbeKeyPart[]): Omit<UniqueKeyProbe, 'table'> => ({ keyName: 'PRIMARY', primary: true, parts });
const col = (column: string, prefixLength?: number): ProbeKeyPart => ({ column, ...(prefixLength !== undefined ? { prefixLength } : {}) });

const cases: DifferentialCase[] = [
  {
    name: "case-insensitive collation: 'Alice' and 'alice' collide",
    setup: "CREATE TABLE t (id INT PRIMARY KEY, email VARCHAR(50) COLLATE utf8mb4_general_ci); INSERT INTO t VALUES (1,'Alice'),(2,'alice'),(3,'bob')",
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE KEY u_email (email)`,
    keys: [unique('u_email', col('email'))],
    expected: 'duplicates',
  },
  {
    name: 'binary collation keeps case variants apart',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, email VARCHAR(50) COLLATE utf8mb4_nopad_bin); INSERT INTO t VALUES (1,'Alice'),(2,'alice')",
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE KEY u_email (email)`,
    keys: [unique('u_email', col('email'))],
    expected: 'no-duplicates',
    mariadbOnly: 'the utf8mb4_nopad_bin collation',
  },
  {
    name: 'PAD SPACE: trailing spaces are ignored (utf8mb4_general_ci)',
    setup: "CREATE TABLE t (s VARCHAR(20) COLLATE utf8mb4_general_ci); INSERT INTO t VALUES ('a'),('a  ')",
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE (s)`,
    keys: [unique('s', col('s'))],
    expected: 'duplicates',
  },
  {
    name: 'PAD SPACE: utf8mb4_bin pads too',
    setup: "CREATE TABLE t (s VARCHAR(20) COLLATE utf8mb4_bin); INSERT INTO t VALUES ('a'),('a ')",
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE (s)`,
    keys: [unique('s', col('s'))],
    expected: 'duplicates',
  },
  {
    name: 'NO PAD: trailing spaces are significant (utf8mb4_general_nopad_ci)',
    setup: "CREATE TABLE t (s VARCHAR(20) COLLATE utf8mb4_general_nopad_ci); INSERT INTO t VALUES ('a'),('a ')",
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE (s)`,
    keys: [unique('s', col('s'))],
    expected: 'no-duplicates',
    mariadbOnly: 'the utf8mb4_general_nopad_ci collation',
  },
  {
    name: 'CHAR drops trailing spaces even under a NO PAD collation',
    setup: "CREATE TABLE t (c CHAR(5) COLLATE utf8mb4_general_nopad_ci); INSERT INTO t VALUES ('a'),('a ')",
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE (c)`,
    keys: [unique('c', col('c'))],
    expected: 'duplicates',
    mariadbOnly: 'the utf8mb4_general_nopad_ci collation',
  },
  {
    name: 'NULLs in a single-column key never collide',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, a INT); INSERT INTO t VALUES (1,NULL),(2,NULL),(3,1)',
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE (a)`,
    keys: [unique('a', col('a'))],
    expected: 'no-duplicates',
  },
  {
    name: 'NULL parts in a composite key never collide',
    setup: 'CREATE TABLE t (a INT, b INT); INSERT INTO t VALUES (1,NULL),(1,NULL),(NULL,NULL),(NULL,NULL)',
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE (a, b)`,
    keys: [unique('a', col('a'), col('b'))],
    expected: 'no-duplicates',
  },
  {
    name: 'composite key with a real duplicate next to a NULL row (C45, TEXT part)',
    setup: "CREATE TABLE t (pk INT PRIMARY KEY, a INT, b TEXT); INSERT INTO t VALUES (5,3,'foo'),(1,NULL,'bar'),(3,3,'foo')",
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE (a, b)`,
    keys: [unique('a', col('a'), col('b'))],
    expected: 'duplicates',
  },
  {
    name: 'prefix key on text counts characters',
    setup: "CREATE TABLE t (s VARCHAR(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin); INSERT INTO t VALUES ('ééé1'),('ééé2'),('éé')",
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE (s(3))`,
    keys: [unique('s', col('s', 3))],
    expected: 'duplicates',
  },
  {
    name: 'prefix key on text: different prefixes pass',
    setup: "CREATE TABLE t (s VARCHAR(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin); INSERT INTO t VALUES ('éé1x'),('éé2x'),('éé')",
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE (s(3))`,
    keys: [unique('s', col('s', 3))],
    expected: 'no-duplicates',
  },
  {
    name: 'prefix key on a binary string counts bytes',
    setup: "CREATE TABLE t (b VARBINARY(50)); INSERT INTO t VALUES (CONVERT('éé1' USING utf8mb4)),(CONVERT('éé2' USING utf8mb4)),(0xC3A9C3)",
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE (b(3))`,
    keys: [unique('b', col('b', 3))],
    expected: 'duplicates',
  },
  {
    name: 'prefix + PAD SPACE: "ab cd" and "ab" collide on 3 characters',
    setup: "CREATE TABLE t (s VARCHAR(20) COLLATE utf8mb4_general_ci); INSERT INTO t VALUES ('ab cd'),('ab')",
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE (s(3))`,
    keys: [unique('s', col('s', 3))],
    expected: 'duplicates',
  },
  {
    name: 'prefix + NO PAD: "ab cd" and "ab" differ on 3 characters',
    setup: "CREATE TABLE t (s VARCHAR(20) COLLATE utf8mb4_general_nopad_ci); INSERT INTO t VALUES ('ab cd'),('ab')",
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE (s(3))`,
    keys: [unique('s', col('s', 3))],
    expected: 'no-duplicates',
    mariadbOnly: 'the utf8mb4_general_nopad_ci collation',
  },
  {
    name: 'BINARY(5) prefix: values are padded with 0x00 (C39)',
    setup: "CREATE TABLE t (f1 BINARY(5)); INSERT INTO t VALUES ('w'),('w')",
    statement: (t) => `CREATE UNIQUE INDEX index_t1 ON ${t} (f1(4))`,
    keys: [unique('index_t1', col('f1', 4))],
    expected: 'duplicates',
  },
  {
    name: 'ADD COLUMN ... NOT NULL UNIQUE over two rows: every row gets 0',
    setup: 'CREATE TABLE t (a INT); INSERT INTO t VALUES (1),(2)',
    statement: (t) => `ALTER TABLE ${t} ADD COLUMN b INT NOT NULL UNIQUE`,
    keys: [unique('b', { column: 'b', added: true, after: { type: type('INT'), nullable: false } })],
    expected: 'duplicates',
  },
  {
    name: 'ADD COLUMN ... NOT NULL UNIQUE over one row',
    setup: 'CREATE TABLE t (a INT); INSERT INTO t VALUES (1)',
    statement: (t) => `ALTER TABLE ${t} ADD COLUMN b INT NOT NULL UNIQUE`,
    keys: [unique('b', { column: 'b', added: true, after: { type: type('INT'), nullable: false } })],
    expected: 'no-duplicates',
  },
  {
    name: 'ADD COLUMN nullable UNIQUE without default: all NULL, no collision',
    setup: 'CREATE TABLE t (a INT); INSERT INTO t VALUES (1),(2),(3)',
    statement: (t) => `ALTER TABLE ${t} ADD COLUMN b VARCHAR(10) NULL UNIQUE`,
    keys: [unique('b', { column: 'b', added: true, after: { type: type('VARCHAR', 10), nullable: true } })],
    expected: 'no-duplicates',
  },
  {
    name: "ADD COLUMN nullable UNIQUE with DEFAULT 'x': every row gets 'x'",
    setup: 'CREATE TABLE t (a INT); INSERT INTO t VALUES (1),(2)',
    statement: (t) => `ALTER TABLE ${t} ADD COLUMN b VARCHAR(10) NULL DEFAULT 'x' UNIQUE`,
    keys: [
      unique('b', { column: 'b', added: true, after: { type: type('VARCHAR', 10), nullable: true, default: { kind: 'string', value: 'x' } } }),
    ],
    expected: 'duplicates',
  },
  {
    name: 'ADD COLUMN NOT NULL in a composite key with a distinct column (C27)',
    setup: 'CREATE TABLE t (o1 INT, o2 INT, o3 INT NOT NULL, PRIMARY KEY (o1, o2)); INSERT INTO t VALUES (1,1,2),(1,2,1)',
    statement: (t) => `ALTER TABLE ${t} ADD COLUMN n1 INT NOT NULL, DROP PRIMARY KEY, ADD PRIMARY KEY (n1, o3)`,
    keys: [primary({ column: 'n1', added: true, after: { type: type('INT'), nullable: false } }, col('o3'))],
    expected: 'no-duplicates',
  },
  {
    name: 'ADD COLUMN AUTO_INCREMENT PRIMARY KEY generates distinct values (C26)',
    setup: "CREATE TABLE t (v VARCHAR(32)); INSERT INTO t VALUES ('def'),('abc'),('hij'),('3r4f')",
    statement: (t) => `ALTER TABLE ${t} ADD i INT AUTO_INCREMENT NOT NULL PRIMARY KEY FIRST`,
    keys: [primary({ column: 'i', added: true, after: { type: type('INT'), nullable: false, autoIncrement: true } })],
    expected: 'no-duplicates',
  },
  {
    name: 'MODIFY to a _ci collation makes case variants equal',
    setup: "CREATE TABLE t (s VARCHAR(50) COLLATE utf8mb4_bin UNIQUE); INSERT INTO t VALUES ('a'),('A'),('b')",
    statement: (t) => `ALTER TABLE ${t} MODIFY s VARCHAR(50) COLLATE utf8mb4_general_ci`,
    keys: [unique('s', { column: 's', after: { type: type('VARCHAR', 50), nullable: true, collation: 'utf8mb4_general_ci' } })],
    expected: 'duplicates',
  },
  {
    name: 'MODIFY to a _ci collation, composite key stays unique (C35)',
    setup:
      "CREATE TABLE t (id INT PRIMARY KEY, msg VARCHAR(100) CHARACTER SET utf8mb3 COLLATE utf8mb3_bin, id_2 INT NOT NULL, UNIQUE INDEX (msg, id_2)); INSERT INTO t VALUES (1,'aaa',2),(2,'AAA',3)",
    statement: (t) => `ALTER TABLE ${t} MODIFY msg VARCHAR(100) CHARACTER SET utf8 COLLATE utf8_unicode_ci`,
    keys: [
      unique('msg', { column: 'msg', after: { type: type('VARCHAR', 100), nullable: true, charset: 'utf8', collation: 'utf8_unicode_ci' } }, col('id_2')),
    ],
    expected: 'no-duplicates',
  },
  {
    name: "collation change from Swedish to unicode: 'aaa' = 'ååå' (C34)",
    setup:
      "CREATE TABLE t (id INT PRIMARY KEY, msg VARCHAR(100) CHARACTER SET utf8mb3 COLLATE utf8mb3_swedish_ci UNIQUE); INSERT INTO t VALUES (1,'aaa'),(2,'ååå')",
    statement: (t) => `ALTER TABLE ${t} MODIFY msg VARCHAR(100) CHARACTER SET utf8mb3 COLLATE utf8mb3_unicode_ci`,
    keys: [unique('msg', { column: 'msg', after: { type: type('VARCHAR', 100), nullable: true, charset: 'utf8mb3', collation: 'utf8mb3_unicode_ci' } })],
    expected: 'duplicates',
  },
  {
    name: "CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci: 'ß' = 'ss'",
    setup: "CREATE TABLE t (w VARCHAR(50) COLLATE utf8mb4_bin UNIQUE); INSERT INTO t VALUES ('Morgengruß'),('Morgengruss')",
    statement: (t) => `ALTER TABLE ${t} CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    keys: [unique('w', { column: 'w', after: { type: type('VARCHAR', 50), nullable: true, charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' } })],
    expected: 'duplicates',
  },
  {
    name: "CONVERT TO CHARACTER SET utf8mb4 (server default collation) from latin1_bin: 'u' = 'ü'",
    setup: "CREATE TABLE t (s VARCHAR(10) CHARACTER SET latin1 COLLATE latin1_bin UNIQUE); INSERT INTO t VALUES ('y'),('ü'),('u')",
    statement: (t) => `ALTER TABLE ${t} CONVERT TO CHARACTER SET utf8mb4`,
    keys: [unique('s', { column: 's', after: { type: type('VARCHAR', 10), nullable: true, charset: 'utf8mb4' } })],
    expected: 'duplicates',
  },
  {
    name: 'ADD PRIMARY KEY over a repeated value',
    setup: 'CREATE TABLE t (a INT NOT NULL, b INT); INSERT INTO t VALUES (1,1),(1,2)',
    statement: (t) => `ALTER TABLE ${t} ADD PRIMARY KEY (a)`,
    keys: [primary(col('a'))],
    expected: 'duplicates',
  },
  {
    name: 'ADD PRIMARY KEY over NULLs in strict mode fails, but not with 1062',
    setup: 'CREATE TABLE t (a INT NULL, b INT); INSERT INTO t VALUES (NULL,1),(NULL,2),(3,3)',
    statement: (t) => `ALTER TABLE ${t} ADD PRIMARY KEY (a)`,
    keys: [primary(col('a'))],
    expected: 'other-error',
  },
  {
    name: 'ADD PRIMARY KEY over NULLs in non-strict mode: NULLs become 0 and collide',
    setup: 'CREATE TABLE t (a INT NULL, b INT); INSERT INTO t VALUES (NULL,1),(NULL,2),(3,3)',
    statement: (t) => `ALTER TABLE ${t} ADD PRIMARY KEY (a)`,
    keys: [primary(col('a'))],
    expected: 'duplicates',
    nonStrict: true,
  },
  {
    name: 'CREATE UNIQUE INDEX on distinct values (C05)',
    setup: "CREATE TABLE t (a INT NOT NULL, c CHAR(10) NOT NULL); INSERT INTO t VALUES (5,'oo'),(4,'tr'),(3,'ad'),(2,'ak')",
    statement: (t) => `CREATE UNIQUE INDEX c ON ${t} (c)`,
    keys: [unique('c', col('c'))],
    expected: 'no-duplicates',
  },
  {
    name: 'several unique keys in one ALTER, two of them repeated (C08)',
    setup:
      "CREATE TABLE t (a INT NOT NULL, b INT, c CHAR(10), d VARCHAR(20), PRIMARY KEY (a)); INSERT INTO t VALUES (1,1,'ab','ab'),(2,2,'ac','ac'),(3,3,'ac','ac'),(4,4,'afe','afe'),(5,4,'affe','affe')",
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE INDEX (b), ADD UNIQUE INDEX (c), ADD UNIQUE INDEX (d)`,
    keys: [unique('b', col('b')), unique('c', col('c')), unique('d', col('d'))],
    expected: 'duplicates',
  },
  {
    name: 'MariaDB unique key on TEXT without prefix (hash): collation equality with PAD SPACE',
    setup: "CREATE TABLE t (x TEXT COLLATE utf8mb4_general_ci); INSERT INTO t VALUES ('Hello'),('hello ')",
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE (x)`,
    keys: [unique('x', col('x'))],
    expected: 'duplicates',
    // MySQL has no hash-based long unique keys: a TEXT key part needs a prefix length (ERROR 1170).
    mysqlExpected: 'other-error',
  },
  {
    name: 'MariaDB unique key on BLOB without prefix: bytes, trailing space significant',
    setup: "CREATE TABLE t (bl BLOB); INSERT INTO t VALUES ('x'),('x ')",
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE (bl)`,
    keys: [unique('bl', col('bl'))],
    expected: 'no-duplicates',
    mysqlExpected: 'other-error',
  },
  {
    name: 'MODIFY to a shorter VARCHAR in strict mode fails with 1265, not 1062',
    setup: "CREATE TABLE t (v VARCHAR(20) UNIQUE); INSERT INTO t VALUES ('John Smith'),('John Travolta')",
    statement: (t) => `ALTER TABLE ${t} MODIFY v VARCHAR(4)`,
    keys: [unique('v', { column: 'v', after: { type: type('VARCHAR', 4), nullable: true } })],
    expected: 'other-error',
  },
  {
    name: 'MODIFY to a shorter VARCHAR in non-strict mode truncates into a duplicate',
    setup: "CREATE TABLE t (v VARCHAR(20) UNIQUE); INSERT INTO t VALUES ('John Smith'),('John Travolta')",
    statement: (t) => `ALTER TABLE ${t} MODIFY v VARCHAR(4)`,
    keys: [unique('v', { column: 'v', after: { type: type('VARCHAR', 4), nullable: true } })],
    expected: 'duplicates',
    nonStrict: true,
  },
  {
    name: 'INT narrowed to TINYINT in strict mode fails with 1264',
    setup: 'CREATE TABLE t (v INT UNIQUE); INSERT INTO t VALUES (200),(300)',
    statement: (t) => `ALTER TABLE ${t} MODIFY v TINYINT`,
    keys: [unique('v', { column: 'v', after: { type: type('TINYINT'), nullable: true } })],
    expected: 'other-error',
  },
  {
    name: 'INT narrowed to TINYINT in non-strict mode clips both to 127',
    setup: 'CREATE TABLE t (v INT UNIQUE); INSERT INTO t VALUES (200),(300),(5)',
    statement: (t) => `ALTER TABLE ${t} MODIFY v TINYINT`,
    keys: [unique('v', { column: 'v', after: { type: type('TINYINT'), nullable: true } })],
    expected: 'duplicates',
    nonStrict: true,
  },
  {
    name: 'two different emoji narrowed to latin1 in strict mode fail with 1366',
    setup: "CREATE TABLE t (s VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin UNIQUE); INSERT INTO t VALUES ('😀'),('😃')",
    statement: (t) => `ALTER TABLE ${t} MODIFY s VARCHAR(10) CHARACTER SET latin1`,
    keys: [unique('s', { column: 's', after: { type: type('VARCHAR', 10), nullable: true, charset: 'latin1' } })],
    expected: 'other-error',
  },
  {
    name: 'latin1 PAD SPACE primary key (C29)',
    setup: "CREATE TABLE t (v VARCHAR(20)) CHARACTER SET latin1; INSERT INTO t VALUES ('a '),('a')",
    statement: (t) => `ALTER TABLE ${t} ADD PRIMARY KEY (v)`,
    keys: [primary(col('v'))],
    expected: 'duplicates',
  },
  {
    name: 'VARBINARY trailing space is significant (C31)',
    setup: "CREATE TABLE t (v VARBINARY(20)); INSERT INTO t VALUES ('a'),('a ')",
    statement: (t) => `ALTER TABLE ${t} ADD PRIMARY KEY (v)`,
    keys: [primary(col('v'))],
    expected: 'no-duplicates',
  },
  {
    name: 'composite UNIQUE where one column repeats but the pair does not (C06)',
    setup:
      "CREATE TABLE t (a INT NOT NULL, b INT, c CHAR(10), d VARCHAR(20), PRIMARY KEY (a)); INSERT INTO t VALUES (1,1,'ab','ab'),(2,2,'ac','ac'),(3,2,'ad','ad'),(4,4,'afe','afe')",
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE INDEX (b, c)`,
    keys: [unique('b', col('b'), col('c'))],
    expected: 'no-duplicates',
  },
  {
    name: 'PRIMARY KEY of CHAR, VARCHAR, DATE and BOOL columns (C14, first)',
    setup:
      "CREATE TABLE t (id0 INT, id1 CHAR(2), id2 VARCHAR(3), id3 DATE, id4 BOOL, PRIMARY KEY (id0)); INSERT INTO t VALUES (1,'22','3','2020-01-01',TRUE),(2,'33','4','2020-02-01',FALSE),(3,'22','3','2020-01-01',TRUE)",
    statement: (t) => `ALTER TABLE ${t} DROP PRIMARY KEY, ADD PRIMARY KEY (id1, id2, id3, id4)`,
    keys: [primary(col('id1'), col('id2'), col('id3'), col('id4'))],
    expected: 'duplicates',
  },
  {
    name: 'ADD UNIQUE on a FLOAT column with repeated values (C22)',
    setup: 'CREATE TABLE t (t1_i INT, t1_f FLOAT); INSERT INTO t VALUES (1, 1.1), (2, 2.5), (3, 2.5), (4, 4.4)',
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE INDEX sec_index (t1_f)`,
    keys: [unique('sec_index', col('t1_f'))],
    expected: 'duplicates',
  },
  {
    name: 'ENUM with a and A under latin1_bin (C37)',
    setup:
      "CREATE TABLE t (a ENUM('a','A','b','B') CHARACTER SET latin1 COLLATE latin1_bin); INSERT INTO t VALUES ('a'),('A'),('b'),('B')",
    statement: (t) => `ALTER TABLE ${t} ADD PRIMARY KEY (a)`,
    keys: [primary(col('a'))],
    expected: 'no-duplicates',
  },
  {
    name: 'unique on a virtual generated column (C25)',
    setup: 'CREATE TABLE t (f1 INT, f2 INT AS (f1 + 2) VIRTUAL); INSERT INTO t (f1) VALUES (1), (1)',
    statement: (t) => `ALTER TABLE ${t} ADD UNIQUE INDEX (f2)`,
    keys: [unique('f2', col('f2'))],
    expected: 'duplicates',
  },
];

function combined(results: DuplicateProbeResult[]): Outcome {
  if (results.some((r) => r.outcome === 'unknown')) return 'unknown';
  if (results.some((r) => r.outcome === 'other-error')) return 'other-error';
  if (results.some((r) => r.outcome === 'duplicates')) return 'duplicates';
  return 'no-duplicates';
}

describe.skipIf(!server)(`duplicate probe agrees with the server${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let scratch: Scratch;
  let live: LiveConnection;
  let session: LiveSession;

  beforeAll(async () => {
    scratch = await createScratch(server!);
    ({ live, session } = await openSession(scratch));
  });
  afterAll(async () => {
    await live?.close();
    await scratch?.dispose();
  });

  // A MariaDB-only case has no MySQL counterpart: against MySQL it is not registered at all.
  const flavor = server ? flavorOf(server) : 'mariadb';
  const runnable = cases
    .filter((testCase) => flavor === 'mariadb' || testCase.mariadbOnly === undefined)
    .map((testCase) => ({ ...testCase, title: `${testCase.name}${testCase.mariadbOnly ? ` [MariaDB only: ${testCase.mariadbOnly}]` : ''}` }));

  it.each(runnable)('$title', async (testCase) => {
    await scratch.admin.query('DROP TABLE IF EXISTS t');
    await scratch.admin.query(testCase.setup);
    const keys = testCase.keys.map((key) => ({ ...key, table: { name: 't' } }));
    const results = await probeUniqueKeys(session, keys, testCase.nonStrict ? { strict: false } : {});
    if (testCase.nonStrict) await scratch.admin.query("SET SESSION sql_mode = ''");
    const actual = await runOnCopy(scratch.admin, 't', testCase.statement).finally(() => (testCase.nonStrict ? scratch.admin.query('SET SESSION sql_mode = DEFAULT') : undefined));
    const predicted = combined(results);

    expect({ predicted, reasons: results.map((r) => r.evidence.reason) }).toMatchObject({ predicted: actual.outcome });
    expect(actual.outcome).toBe(flavor === 'mysql' ? (testCase.mysqlExpected ?? testCase.expected) : testCase.expected);

    for (const result of results) {
      expect(result.evidence.elapsedMs).toBeGreaterThanOrEqual(0);
      if (result.outcome === 'duplicates') {
        expect(result.evidence.verdict).toBe('fails');
        expect(result.evidence.duplicateGroups).toBeGreaterThan(0);
        expect(result.evidence.samples!.length).toBeGreaterThan(0);
        expect(result.evidence.samples!.length).toBeLessThanOrEqual(5);
        for (const sample of result.evidence.samples!) {
          expect(sample.count).toBeGreaterThan(1);
          expect(sample.values).toHaveLength(result.key.parts.length);
        }
        expect(result.evidence.query).toMatch(boundedQueryStart(server!, 30));
      }
      if (result.outcome === 'no-duplicates') {
        expect(result.evidence.verdict).toBe('passes');
        expect(result.evidence.duplicateGroups).toBe(0);
      }
      if (result.outcome === 'other-error') {
        expect(result.evidence.reason).toMatch(/^not ERROR 1062/);
      }
    }
  });

  it('counts groups, rows and samples the way the server groups them', async () => {
    await scratch.admin.query('DROP TABLE IF EXISTS t');
    await scratch.admin.query(
      "CREATE TABLE t (id INT PRIMARY KEY, email VARCHAR(50) COLLATE utf8mb4_general_ci); " +
        "INSERT INTO t VALUES (1,'a@x'),(2,'A@x'),(3,'a@X '),(4,'b@x'),(5,'B@x'),(6,'c@x'),(7,NULL),(8,NULL)",
    );
    const [result] = await probeUniqueKeys(session, [{ table: { name: 't' }, keyName: 'u', primary: false, parts: [col('email')] }]);
    const [expectedGroups] = (await scratch.admin.query(
      'SELECT COUNT(*) AS n FROM (SELECT email FROM t WHERE email IS NOT NULL GROUP BY email HAVING COUNT(*) > 1) g',
    )) as unknown as [{ n: number }[]];
    expect(result!.outcome).toBe('duplicates');
    expect(result!.evidence.rowsScanned).toBe(8);
    expect(result!.nullRows).toBe(2);
    expect(result!.evidence.duplicateGroups).toBe(Number(expectedGroups[0]!.n));
    expect(result!.evidence.samples!.map((s) => s.count)).toEqual([3, 2]);
    expect(String(result!.evidence.samples![0]!.values[0]).toLowerCase().trim()).toBe('a@x');
  });

  it('sends no NULL test for a NOT NULL column, and still counts the rows and groups as the server does', async () => {
    await scratch.admin.query('DROP TABLE IF EXISTS t');
    await scratch.admin.query(
      "CREATE TABLE t (id INT PRIMARY KEY, email VARCHAR(50) NOT NULL COLLATE utf8mb4_general_ci, nick VARCHAR(20) NULL); " +
        "INSERT INTO t VALUES (1,'a@x','n'),(2,'A@x',NULL),(3,'b@x','n'),(4,'c@x',NULL)",
    );
    const [notNull, nullable] = await probeUniqueKeys(session, [
      { table: { name: 't' }, keyName: 'u', primary: false, parts: [col('email')] },
      { table: { name: 't' }, keyName: 'v', primary: false, parts: [col('email'), col('nick')] },
    ]);
    expect(notNull!.evidence.query).toMatch(/GROUP BY `email`/);
    expect(notNull!.evidence.query).not.toMatch(/IS NOT NULL/);
    expect(notNull!).toMatchObject({ outcome: 'duplicates', nullRows: 0, evidence: { rowsScanned: 4, duplicateGroups: 1 } });
    // The nullable part keeps its test: the rows with a NULL nick never collide.
    expect(nullable!.evidence.query).toMatch(/WHERE `nick` IS NOT NULL GROUP BY/);
    expect(nullable!.evidence.query).not.toMatch(/`email` IS NOT NULL/);
    expect(nullable!).toMatchObject({ outcome: 'no-duplicates', nullRows: 2, evidence: { rowsScanned: 4 } });
  });

  it('reports a functional key part and a missing table as unknown, with the reason', async () => {
    await scratch.admin.query('DROP TABLE IF EXISTS t');
    await scratch.admin.query('CREATE TABLE t (a INT)');
    const [functional, missing] = await probeUniqueKeys(session, [
      { table: { name: 't' }, keyName: 'f', primary: false, parts: [{ column: '', expression: 'lower(a)' }] },
      { table: { name: 'no_such_table' }, keyName: 'u', primary: false, parts: [col('a')] },
    ]);
    expect(functional!.outcome).toBe('unknown');
    expect(functional!.evidence.reason).toMatch(/functional key part/);
    expect(missing!.outcome).toBe('unknown');
    expect(missing!.evidence.reason).toMatch(/does not exist/);
  });

  it('stops a probe at its timeout and says so', async () => {
    await scratch.admin.query('DROP TABLE IF EXISTS t');
    await scratch.admin.query('CREATE TABLE t (a INT, b INT)');
    await scratch.admin.query(`INSERT INTO t SELECT n, n FROM ${numberRows(200_000)}`);
    const [result] = await probeUniqueKeys(
      session,
      [{ table: { name: 't' }, keyName: 'u', primary: false, parts: [col('a'), col('b')] }],
      { timeoutMs: 1 },
    );
    expect(result!.outcome).toBe('unknown');
    expect(result!.evidence.reason).toMatch(/timeout/);
  });
});
