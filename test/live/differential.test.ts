/**
 * Differential tests of whole migration files: each case's `setup` fills a fresh database, its
 * `migration` is linted with a live run (as `uniqlint --live` does), and then the migration really
 * runs on that database (the lint wrote nothing, so it is an identical copy). The live verdicts
 * must agree with what happened: a statement that fails has a diagnostic whose verdict is
 * `fails`, a migration that succeeds has none. Every case runs in strict and in non-strict
 * sql_mode, set by the file itself (`SET SESSION sql_mode`), so the file's session is under test
 * too. The cases are the ones an adversarial run of `--live` against MariaDB found.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostic.js';
import { lintPaths } from '../../src/run.js';
import { LiveRun, type LiveRunOptions } from '../../src/live/run-live.js';
import { SAMPLE_LIMIT } from '../../src/live/probe-query.js';
import { createScratch, liveServer, uniqueSuffix } from './helpers.js';

const { server, skipReason } = liveServer();

interface DifferentialCase {
  name: string;
  /** Runs as root in the fresh database before the lint. */
  setup: string;
  /** The migration (after the file's own `SET SESSION sql_mode`). */
  migration: string;
  /** When the verdict may be unknown instead of agreeing, the reason it must give. */
  unknownReason?: RegExp;
  /** How the probe must read the key: through an existing index, or by sorting. */
  reads?: 'index' | 'sort';
}

const STRICT = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION';

const CASES: DifferentialCase[] = [
  {
    name: 'uca1400_ai_ci, listed by MariaDB without a character set, makes a and A equal',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(10) COLLATE utf8mb4_bin); INSERT INTO t VALUES (1, 'a'), (2, 'A');",
    migration: 'ALTER TABLE t MODIFY s VARCHAR(10) COLLATE uca1400_ai_ci, ADD UNIQUE KEY u_s (s);',
  },
  {
    name: 'uca1400_as_cs keeps a and A apart',
    setup: "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(10) COLLATE utf8mb4_bin); INSERT INTO t VALUES (1, 'a'), (2, 'A');",
    migration: 'ALTER TABLE t MODIFY s VARCHAR(10) COLLATE uca1400_as_cs, ADD UNIQUE KEY u_s (s);',
  },
  {
    name: 'ADD UNIQUE KEY IF NOT EXISTS on an existing key name is a no-op',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, UNIQUE KEY u (a)); INSERT INTO t VALUES (1, 1, 5), (2, 2, 5);',
    migration: 'ALTER TABLE t ADD UNIQUE KEY IF NOT EXISTS u (b);',
  },
  {
    name: 'CREATE UNIQUE INDEX IF NOT EXISTS on an existing key name is a no-op',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, UNIQUE KEY u (a)); INSERT INTO t VALUES (1, 1, 5), (2, 2, 5);',
    migration: 'CREATE UNIQUE INDEX IF NOT EXISTS u ON t (b);',
  },
  {
    name: 'ALTER IGNORE deletes duplicates instead of failing',
    setup: 'CREATE TABLE t (id INT PRIMARY KEY, b INT); INSERT INTO t VALUES (1, 5), (2, 5), (3, 6);',
    migration: 'ALTER IGNORE TABLE t ADD UNIQUE KEY u_b (b);',
  },
  {
    name: 'ALTER IGNORE clips out-of-range values instead of failing',
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

/** What a live run of `file` predicts, with the probe reading keys as `probe` says. */
async function lintLive(url: string, file: string, probe: LiveRunOptions['probe'] = {}): Promise<Diagnostic[]> {
  const live = await LiveRun.open({ url, env: {}, probe });
  try {
    const result = await lintPaths([file], { dialect: 'mariadb', live });
    return result.files.flatMap((f) => f.diagnostics);
  } finally {
    await live.close();
  }
}

/** The live evidence of each finding, as the two read paths must agree on it. */
function comparable(diagnostics: Diagnostic[]): { ruleId: string; statement: number; verdict: string; samples: unknown; groups: number | undefined; atLeast: boolean }[] {
  return diagnostics
    .filter((d) => d.live)
    .map((d) => ({
      ruleId: d.ruleId,
      statement: d.statementIndex,
      verdict: d.live!.verdict,
      samples: d.live!.samples,
      groups: d.live!.duplicateGroups,
      atLeast: d.live!.duplicateGroupsAtLeast === true,
    }));
}

/** The verdict the live diagnostics give the file: fails, passes or unknown, with the reasons. */
function liveVerdict(diagnostics: Diagnostic[]): { verdict: 'fails' | 'passes' | 'unknown'; reasons: string[] } {
  const live = diagnostics.filter((d) => d.live);
  const reasons = live.map((d) => `${d.ruleId}: ${d.live!.verdict}: ${d.live!.reason ?? ''}`);
  if (live.some((d) => d.live!.verdict === 'fails')) return { verdict: 'fails', reasons };
  if (live.some((d) => d.live!.verdict === 'unknown')) return { verdict: 'unknown', reasons };
  return { verdict: 'passes', reasons };
}

describe.skipIf(!server)(`live verdicts against the real statement${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let workDir: string;
  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'uniqlint-differential-'));
  });
  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  const matrix = CASES.flatMap((testCase) => [
    { ...testCase, mode: 'strict', sqlMode: STRICT },
    { ...testCase, mode: 'non-strict', sqlMode: '' },
  ]);

  it.each(matrix.map((entry) => [`${entry.name} (${entry.mode})`, entry] as const))('%s', async (_name, testCase) => {
    const scratch = await createScratch(server!, 'diff');
    try {
      await scratch.admin.query(testCase.setup);
      const file = path.join(workDir, `m_${uniqueSuffix()}.sql`);
      const text = `SET SESSION sql_mode = '${testCase.sqlMode}';\n${testCase.migration}\n`;
      writeFileSync(file, text);
      const diagnostics = await lintLive(scratch.url, file);
      // The sort path, reading the table once (rows not counted), must give the same findings.
      const sorted = await lintLive(scratch.url, file, { indexPath: false, countRowsBelow: 0 });
      const predicted = liveVerdict(diagnostics);
      if (testCase.reads === 'index') expect(predicted.reasons.join('\n')).toMatch(/read in the order of the index `i_/);
      if (testCase.reads === 'sort') expect(predicted.reasons.join('\n')).toMatch(/the probe sorts the (converted )?rows/);
      expect(sorted.filter((d) => d.live).map((d) => d.live!.rowsScanned)).not.toContainEqual(expect.any(Number));
      expect(liveVerdict(sorted).verdict).toBe(predicted.verdict);
      const [viaIndex, viaSort] = [comparable(diagnostics), comparable(sorted)];
      expect(viaIndex.map(({ ruleId, statement, verdict }) => ({ ruleId, statement, verdict }))).toEqual(viaSort.map(({ ruleId, statement, verdict }) => ({ ruleId, statement, verdict })));
      viaIndex.forEach((finding, i) => {
        const other = viaSort[i]!;
        expect(other.atLeast).toBe(false);
        if (!finding.atLeast) {
          expect(finding).toEqual(other);
        } else {
          // Stopped early: a lower bound beyond the samples, and samples that are real groups.
          expect(finding.groups).toBe(SAMPLE_LIMIT + 1);
          expect(other.groups!).toBeGreaterThanOrEqual(finding.groups!);
          expect((finding.samples as unknown[]).length).toBe(SAMPLE_LIMIT);
        }
      });
      if (process.env.UNIQLINT_DEBUG_DIFF) console.log(JSON.stringify({ name: testCase.name, mode: testCase.mode, predicted }));
      const actual = await scratch.admin.query(text).then(
        () => ({ verdict: 'passes' as const }),
        (error: { errno?: number; message?: string }) => ({ verdict: 'fails' as const, errno: error.errno, message: error.message }),
      );
      if (predicted.verdict === 'unknown' && testCase.unknownReason) {
        expect(predicted.reasons.join('\n')).toMatch(testCase.unknownReason);
        return;
      }
      expect({ predicted: predicted.verdict, reasons: predicted.reasons, actual }).toMatchObject({ predicted: actual.verdict });
    } finally {
      await scratch.dispose();
    }
  });

  it("the file's USE db: later statements act on that database's tables", async () => {
    const scratch = await createScratch(server!, 'diffuse');
    const other = `${scratch.database}_b`;
    try {
      await scratch.admin.query('CREATE TABLE t (id INT PRIMARY KEY, a INT); INSERT INTO t VALUES (1, 1), (2, 2);');
      await scratch.admin.query(`CREATE DATABASE \`${other}\``);
      await scratch.admin.query(`GRANT SELECT, CREATE TEMPORARY TABLES ON \`${other}\`.* TO ?@'127.0.0.1'`, [scratch.user]);
      await scratch.admin.query(`CREATE TABLE \`${other}\`.t (id INT PRIMARY KEY, a INT); INSERT INTO \`${other}\`.t VALUES (1, 7), (2, 7);`);
      const file = path.join(workDir, `m_${uniqueSuffix()}.sql`);
      const text = `USE \`${other}\`;\nALTER TABLE t MODIFY a BIGINT, ADD UNIQUE KEY u_a (a);\n`;
      writeFileSync(file, text);
      const live = await LiveRun.open({ url: scratch.url, env: {} });
      let diagnostics: Diagnostic[];
      try {
        diagnostics = (await lintPaths([file], { dialect: 'mariadb', live })).files.flatMap((f) => f.diagnostics);
      } finally {
        await live.close();
      }
      const actual = await scratch.admin.query(text).then(
        () => 'passes',
        () => 'fails',
      );
      expect(actual).toBe('fails');
      expect(liveVerdict(diagnostics)).toMatchObject({ verdict: 'fails' });
    } finally {
      await scratch.admin.query(`DROP DATABASE IF EXISTS \`${other}\``);
      await scratch.dispose();
    }
  });
});
