/**
 * Live mode end to end through the built command line (`node dist/src/cli.js lint FILE --live URL
 * --format json`), against the throwaway server, as a SELECT-only account.
 *
 * Differential: every case fills tables in the probed database and, identically, in an oracle
 * database; the migration is linted live, then run for real, statement by statement, in the
 * oracle. Each add-unique-key verdict must agree with what the server did: `fails` exactly when
 * the statement fails, `passes` when it succeeds; a statement the linter has no finding for must
 * not fail with ERROR 1062. `unknown` is allowed only where the case says so.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessResult } from '../support/processes.js';
import type mysql from 'mysql2/promise';
import { quoteIdentifier } from '../../src/live/session.js';
import { ensureBuilt } from '../report/run-cli.js';
import { runLiveCli, ALLOWED_LIVE_STATEMENTS, accountUrl, boundedQueryStart, adminConnection, createScratch, flavorOf, liveServer, readGeneralLog, startGeneralLog, statementsOfUser, uniqueSuffix, type Scratch } from './helpers.js';
import type { LiveEvidence } from '../../src/diagnostic.js';

const { server, skipReason } = liveServer();

type CliRun = ProcessResult;

/** Runs the built CLI with `args`; the environment carries no database URL or password. */
const runCli = runLiveCli;

interface JsonDiagnostic {
  ruleId: string;
  severity: string;
  line: number;
  message: string;
  live?: LiveEvidence;
}

function diagnosticsOf(run: CliRun): JsonDiagnostic[] {
  const document = JSON.parse(run.stdout) as { files: { diagnostics: JsonDiagnostic[] }[] };
  return document.files.flatMap((file) => file.diagnostics);
}

/** A differential case: setup SQL (both databases), the migration (one statement per line) and the expected verdicts in line order. */
interface DifferentialCase {
  name: string;
  setup: string[];
  migration: string[];
  verdicts: ('fails' | 'passes' | 'unknown')[];
  /** Set for a case built on a MariaDB-only feature: the feature. It runs only against MariaDB. */
  mariadbOnly?: string;
}

const CASES: DifferentialCase[] = [
  {
    name: "case-insensitive collation: 'Alice' and 'alice' collide",
    setup: [
      'CREATE TABLE ci_users (id INT PRIMARY KEY, email VARCHAR(100)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci',
      "INSERT INTO ci_users VALUES (1, 'Alice'), (2, 'alice'), (3, 'bob')",
    ],
    migration: ['ALTER TABLE ci_users ADD UNIQUE KEY uk_email (email);'],
    verdicts: ['fails'],
  },
  {
    name: 'binary collation: the same letters in another case do not collide',
    setup: [
      'CREATE TABLE bin_users (id INT PRIMARY KEY, email VARCHAR(100) COLLATE utf8mb4_bin) DEFAULT CHARSET=utf8mb4',
      "INSERT INTO bin_users VALUES (1, 'Alice'), (2, 'alice')",
    ],
    migration: ['ALTER TABLE bin_users ADD UNIQUE KEY uk_email (email);'],
    verdicts: ['passes'],
  },
  {
    name: 'PAD SPACE: trailing spaces collide',
    setup: [
      'CREATE TABLE pad_tags (id INT PRIMARY KEY, label VARCHAR(20) COLLATE utf8mb4_bin) DEFAULT CHARSET=utf8mb4',
      "INSERT INTO pad_tags VALUES (1, 'x'), (2, 'x  ')",
    ],
    migration: ['ALTER TABLE pad_tags ADD UNIQUE KEY uk_label (label);'],
    verdicts: ['fails'],
  },
  {
    name: 'NO PAD: trailing spaces make values distinct',
    setup: [
      'CREATE TABLE nopad_tags (id INT PRIMARY KEY, label VARCHAR(20) COLLATE utf8mb4_nopad_bin) DEFAULT CHARSET=utf8mb4',
      "INSERT INTO nopad_tags VALUES (1, 'x'), (2, 'x  ')",
    ],
    migration: ['ALTER TABLE nopad_tags ADD UNIQUE KEY uk_label (label);'],
    verdicts: ['passes'],
    mariadbOnly: 'the utf8mb4_nopad_bin collation',
  },
  {
    name: 'NULLs in a single-column key never collide',
    setup: ['CREATE TABLE null_one (id INT PRIMARY KEY, code VARCHAR(10))', "INSERT INTO null_one VALUES (1, NULL), (2, NULL), (3, 'a')"],
    migration: ['ALTER TABLE null_one ADD UNIQUE KEY uk_code (code);'],
    verdicts: ['passes'],
  },
  {
    name: 'NULLs in a composite key never collide, equal non-NULL pairs do',
    setup: [
      'CREATE TABLE null_two (id INT PRIMARY KEY, a INT, b INT)',
      'INSERT INTO null_two VALUES (1, 1, NULL), (2, 1, NULL), (3, 2, 5), (4, 3, 5)',
      'CREATE TABLE pair_two (id INT PRIMARY KEY, a INT, b INT)',
      'INSERT INTO pair_two VALUES (1, 1, NULL), (2, 1, 2), (3, 1, 2)',
    ],
    migration: ['ALTER TABLE null_two ADD UNIQUE KEY uk_ab (a, b);', 'ALTER TABLE pair_two ADD UNIQUE KEY uk_ab (a, b);'],
    verdicts: ['passes', 'fails'],
  },
  {
    name: 'prefix keys compare the first n characters',
    setup: [
      'CREATE TABLE prefix_posts (id INT PRIMARY KEY, title VARCHAR(50)) DEFAULT CHARSET=utf8mb4',
      "INSERT INTO prefix_posts VALUES (1, 'abcdef'), (2, 'abcxyz'), (3, 'ab')",
    ],
    migration: ['ALTER TABLE prefix_posts ADD UNIQUE KEY uk_four (title(4));', 'ALTER TABLE prefix_posts ADD UNIQUE KEY uk_three (title(3));'],
    verdicts: ['passes', 'fails'],
  },
  {
    name: 'ADD COLUMN ... NOT NULL UNIQUE over two or more rows gives every row the same value',
    setup: ['CREATE TABLE nn_accounts (id INT PRIMARY KEY, name VARCHAR(20))', "INSERT INTO nn_accounts VALUES (1, 'a'), (2, 'b')"],
    migration: ['ALTER TABLE nn_accounts ADD COLUMN external_id INT NOT NULL UNIQUE;'],
    verdicts: ['fails'],
  },
  {
    name: 'ADD COLUMN ... NOT NULL UNIQUE over a single row passes',
    setup: ['CREATE TABLE nn_single (id INT PRIMARY KEY, name VARCHAR(20))', "INSERT INTO nn_single VALUES (1, 'a')"],
    migration: ['ALTER TABLE nn_single ADD COLUMN external_id INT NOT NULL UNIQUE;'],
    verdicts: ['passes'],
  },
  {
    name: 'a nullable new unique column is NULL in every row (no finding even statically)',
    setup: ['CREATE TABLE nullable_new (id INT PRIMARY KEY, name VARCHAR(20))', "INSERT INTO nullable_new VALUES (1, 'a'), (2, 'b'), (3, 'c')"],
    migration: ['ALTER TABLE nullable_new ADD COLUMN external_id INT NULL UNIQUE;'],
    verdicts: [],
  },
  {
    name: 'a nullable new unique column with a DEFAULT gives every row that value',
    setup: ['CREATE TABLE nullable_default (id INT PRIMARY KEY, name VARCHAR(20))', "INSERT INTO nullable_default VALUES (1, 'a'), (2, 'b')"],
    migration: ["ALTER TABLE nullable_default ADD COLUMN region VARCHAR(8) NULL DEFAULT 'eu' UNIQUE;"],
    verdicts: ['fails'],
  },
  {
    name: 'MODIFY to a _ci collation merges letter cases',
    setup: [
      'CREATE TABLE modify_tags (id INT PRIMARY KEY, label VARCHAR(64) COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY uk_label (label)) DEFAULT CHARSET=utf8mb4',
      "INSERT INTO modify_tags VALUES (1, 'Ann'), (2, 'ann'), (3, 'Bob')",
    ],
    migration: ['ALTER TABLE modify_tags MODIFY label VARCHAR(64) COLLATE utf8mb4_general_ci NOT NULL;'],
    verdicts: ['fails'],
  },
  {
    name: 'CONVERT TO CHARACTER SET on a unique column takes the new default collation',
    setup: [
      'CREATE TABLE convert_codes (id INT PRIMARY KEY, code VARCHAR(20) COLLATE latin1_bin, UNIQUE KEY uk_code (code)) DEFAULT CHARSET=latin1',
      "INSERT INTO convert_codes VALUES (1, 'abc'), (2, 'ABC')",
    ],
    migration: ['ALTER TABLE convert_codes CONVERT TO CHARACTER SET utf8mb4;'],
    verdicts: ['fails'],
  },
  {
    name: 'ADD PRIMARY KEY over repeated values fails, over distinct values passes',
    setup: [
      'CREATE TABLE pk_dup (event_id INT NOT NULL, note VARCHAR(10))',
      "INSERT INTO pk_dup VALUES (1, 'a'), (1, 'b'), (2, 'c')",
      'CREATE TABLE pk_ok (event_id INT NOT NULL, note VARCHAR(10))',
      "INSERT INTO pk_ok VALUES (1, 'a'), (2, 'b')",
    ],
    migration: ['ALTER TABLE pk_dup ADD PRIMARY KEY (event_id);', 'ALTER TABLE pk_ok ADD PRIMARY KEY (event_id);'],
    verdicts: ['fails', 'passes'],
  },
  {
    name: 'ADD PRIMARY KEY over a nullable column holding NULL fails first with a NOT NULL error in strict mode',
    setup: ['CREATE TABLE pk_null (event_id INT NULL, note VARCHAR(10))', "INSERT INTO pk_null VALUES (1, 'a'), (NULL, 'b')"],
    migration: ['ALTER TABLE pk_null ADD PRIMARY KEY (event_id);'],
    verdicts: ['fails'],
  },
  {
    name: 'CREATE UNIQUE INDEX',
    setup: ['CREATE TABLE idx_people (id INT PRIMARY KEY, ssn CHAR(4))', "INSERT INTO idx_people VALUES (1, '1234'), (2, '1234'), (3, '9999')"],
    migration: ['CREATE UNIQUE INDEX uk_ssn ON idx_people (ssn);'],
    verdicts: ['fails'],
  },
  {
    name: 'a table created and filled in the same file: the database does not hold its rows',
    setup: [],
    migration: [
      'CREATE TABLE fresh_items (id INT PRIMARY KEY, sku VARCHAR(10));',
      "INSERT INTO fresh_items VALUES (1, 'a'), (2, 'a');",
      'ALTER TABLE fresh_items ADD UNIQUE KEY uk_sku (sku);',
    ],
    verdicts: ['unknown'],
  },
  {
    name: 'a table created in the same file and still empty: nothing to report',
    setup: [],
    migration: ['CREATE TABLE empty_items (id INT PRIMARY KEY, sku VARCHAR(10));', 'ALTER TABLE empty_items ADD UNIQUE KEY uk_sku (sku);'],
    verdicts: [],
  },
  {
    name: 'several keys in one ALTER: one collides, one does not',
    setup: [
      'CREATE TABLE multi_keys (id INT PRIMARY KEY, x INT, y INT)',
      'INSERT INTO multi_keys VALUES (1, 1, 10), (2, 1, 20), (3, 2, 30)',
    ],
    migration: ['ALTER TABLE multi_keys ADD UNIQUE KEY uk_x (x), ADD UNIQUE KEY uk_y (y);'],
    verdicts: ['fails', 'passes'],
  },
  {
    name: 'MariaDB unique key on TEXT (hash-based long unique) follows the collation',
    setup: [
      'CREATE TABLE text_notes (id INT PRIMARY KEY, body TEXT) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci',
      "INSERT INTO text_notes VALUES (1, 'Hello world'), (2, 'HELLO WORLD'), (3, 'other')",
    ],
    migration: ['ALTER TABLE text_notes ADD UNIQUE KEY uk_body (body);'],
    // MariaDB: ERROR 1062 through the hash key; MySQL has no long unique keys and fails with ERROR 1170.
    verdicts: ['fails'],
  },
];

/** What running the migration for real did: the index of the statement that failed and its errno, or none. */
async function runForReal(admin: mysql.Connection, statements: string[]): Promise<{ failedAt?: number; errno?: number }> {
  for (let index = 0; index < statements.length; index++) {
    try {
      await admin.query(statements[index]!);
    } catch (error) {
      const errno = (error as { errno?: number }).errno;
      if (errno === undefined) throw error;
      return { failedAt: index, errno };
    }
  }
  return {};
}

describe.skipIf(!server)(`live mode through the CLI${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let scratch: Scratch;
  let oracle: mysql.Connection;
  let oracleDatabase: string;
  let workDir: string;

  beforeAll(async () => {
    // The CLI under test is the built one (the global setup builds it when missing).
    ensureBuilt();
    scratch = await createScratch(server!, 'cli');
    oracle = await adminConnection(server!);
    oracleDatabase = `oracle_${uniqueSuffix()}`;
    await oracle.query(`CREATE DATABASE ${oracleDatabase} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
    await oracle.query(`USE ${oracleDatabase}`);
    workDir = mkdtempSync(path.join(tmpdir(), 'uniqlint-cli-live-'));
  }, 180_000);

  afterAll(async () => {
    if (oracle) {
      await oracle.query(`DROP DATABASE IF EXISTS ${oracleDatabase}`);
      await oracle.end();
    }
    await scratch?.dispose();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  function migrationFile(name: string, statements: string[]): string {
    const file = path.join(workDir, `${name.replace(/[^a-z0-9]+/gi, '_').slice(0, 60)}_${uniqueSuffix()}.sql`);
    writeFileSync(file, statements.join('\n') + '\n');
    return file;
  }

  // A MariaDB-only case has no MySQL counterpart: against MySQL it is not registered at all.
  const runnable = CASES.filter((testCase) => !server || flavorOf(server) === 'mariadb' || testCase.mariadbOnly === undefined);
  it.each(runnable.map((testCase) => [`${testCase.name}${testCase.mariadbOnly ? ` [MariaDB only: ${testCase.mariadbOnly}]` : ''}`, testCase] as const))('%s', async (_name, testCase) => {
    for (const statement of testCase.setup) {
      await scratch.admin.query(statement);
      await oracle.query(statement);
    }
    const file = migrationFile(testCase.name, testCase.migration);
    const run = await runCli(['lint', file, '--live', scratch.url, '--format', 'json']);
    expect(run.stderr).toBe('');
    const findings = diagnosticsOf(run).filter((d) => d.ruleId === 'add-unique-key');
    expect(findings.map((d) => d.live?.verdict)).toEqual(testCase.verdicts);

    // Every verdict carries its evidence, and severity follows it.
    for (const finding of findings) {
      expect(finding.live).toBeDefined();
      const live = finding.live!;
      expect(finding.severity).toBe(live.verdict === 'fails' ? 'error' : live.verdict === 'passes' ? 'info' : 'warning');
      if (live.verdict === 'unknown') expect(live.reason).toMatch(/\S/);
      else {
        expect(live.query).toMatch(boundedQueryStart(server!, 30));
        expect(typeof live.rowsScanned).toBe('number');
        expect(typeof live.elapsedMs).toBe('number');
      }
      if (live.verdict === 'fails' && live.duplicateGroups! > 0) {
        expect(live.samples!.length).toBeGreaterThan(0);
        expect(live.samples!.length).toBeLessThanOrEqual(5);
        expect(live.samples![0]!.count).toBeGreaterThan(1);
      }
    }
    expect(run.code).toBe(testCase.verdicts.includes('fails') ? 1 : 0);

    // The oracle: run the migration for real on the identical copy.
    const actual = await runForReal(oracle, testCase.migration);
    const lastLine = actual.failedAt === undefined ? testCase.migration.length : actual.failedAt + 1;
    for (let line = 1; line <= lastLine; line++) {
      const atLine = findings.filter((finding) => finding.line === line);
      const failed = actual.failedAt === line - 1;
      const verdicts = atLine.map((finding) => finding.live!.verdict);
      if (failed) {
        // Zero missed failures: the failing statement was flagged, and not as passing.
        expect(atLine.length, `statement ${line} failed with errno ${actual.errno} without a finding`).toBeGreaterThan(0);
        expect(verdicts.some((verdict) => verdict === 'fails' || verdict === 'unknown')).toBe(true);
        const failing = atLine.filter((finding) => finding.live!.verdict === 'fails');
        if (failing.length > 0) {
          // A predicted failure other than 1062 names the error the server really raised.
          const otherError = failing.find((finding) => /^not ERROR 1062/.test(finding.live!.reason ?? ''));
          if (otherError) expect(otherError.live!.reason).toContain(`ERROR ${actual.errno}`);
          else expect(actual.errno).toBe(1062);
        }
      } else {
        // Zero false alarms: a statement that ran fine has no failing verdict.
        expect(verdicts, `statement ${line} succeeded`).not.toContain('fails');
      }
    }
  });

  it('prints the verdict and samples in the stylish output', async () => {
    await scratch.admin.query('CREATE TABLE stylish_users (id INT PRIMARY KEY, email VARCHAR(100), handle VARCHAR(20)) DEFAULT CHARSET=utf8mb4');
    await scratch.admin.query(
      "INSERT INTO stylish_users VALUES (1, 'alice@example.com', 'al'), (2, 'ALICE@example.com', 'ali'), (3, 'bob@example.com', 'bo')",
    );
    const file = migrationFile('stylish', ['ALTER TABLE stylish_users ADD UNIQUE KEY uk_email (email);', 'ALTER TABLE stylish_users ADD UNIQUE KEY uk_handle (handle);']);
    const run = await runCli(['lint', file, '--live', scratch.url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/live: fails: 1 duplicate group among 3 rows, e\.g\. 'alice@example\.com' x2/i);
    // The passing key is lowered to info, which stylish counts but prints only with --verbose.
    expect(run.stdout).not.toContain('live: passes');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/; 1 info hidden \(--verbose shows them\)$/);
    const verbose = await runCli(['lint', file, '--live', scratch.url, '--verbose']);
    expect(verbose.stdout).toContain('live: passes: 0 duplicates among 3 rows');
  });

  it('exits 2 with a one-line message naming host, port and database, without the password, for a bad login', async () => {
    const password = 'Sup3r-S3cret-Pw';
    const file = migrationFile('bad_login', ['ALTER TABLE t ADD UNIQUE KEY u (a);']);
    const url = accountUrl(server!, scratch.user, password, scratch.database);
    for (const format of ['json', 'stylish']) {
      const run = await runCli(['lint', file, '--live', url, '--format', format]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(`${server!.host}:${server!.port}/${scratch.database}`);
      expect(run.stderr).toMatch(/access denied/);
      expect(run.stdout + run.stderr).not.toContain(password);
    }
  });

  it('exits 2 for an unreachable server, with the password from the environment absent from all output', async () => {
    const password = 'An0ther-S3cret';
    const file = migrationFile('unreachable', ['ALTER TABLE t ADD UNIQUE KEY u (a);']);
    // Port 1 on the loopback address refuses connections.
    const run = await runCli(['lint', file], { UNIQLINT_DATABASE_URL: `mysql://someone@127.0.0.1:1/shop`, MYSQL_PWD: password });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('127.0.0.1:1/shop');
    expect(run.stderr).toMatch(/connection refused/);
    expect(run.stdout + run.stderr).not.toContain(password);
  });

  it('exits 2 for a malformed --live-timeout', async () => {
    const file = migrationFile('bad_timeout', ['ALTER TABLE t ADD UNIQUE KEY u (a);']);
    const run = await runCli(['lint', file, '--live', scratch.url, '--live-timeout', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--live-timeout must be a positive number/);
  });

  it('bounds every probe by --live-timeout', async () => {
    await scratch.admin.query('CREATE TABLE timeout_items (id INT PRIMARY KEY, v INT)');
    await scratch.admin.query('INSERT INTO timeout_items VALUES (1, 1), (2, 1)');
    const file = migrationFile('timeout', ['ALTER TABLE timeout_items ADD UNIQUE KEY uk_v (v);']);
    const run = await runCli(['lint', file, '--live', scratch.url, '--live-timeout', '2.5', '--format', 'json']);
    const [finding] = diagnosticsOf(run);
    expect(finding!.live!.query).toMatch(boundedQueryStart(server!, 2.5));
  });

  it('with the README privileges (SELECT, CREATE TEMPORARY TABLES), sends only the statements the README lists for the whole run; a hostile table name is probed safely', async () => {
    const hostile = "we`ird'; DROP TABLE victim; -- \"x\"";
    await scratch.admin.query('CREATE TABLE victim (id INT PRIMARY KEY)');
    await scratch.admin.query(
      `CREATE TABLE ${quoteIdentifier(hostile)} (id INT AUTO_INCREMENT PRIMARY KEY, ${quoteIdentifier('e`mail;')} VARCHAR(40) COLLATE utf8mb4_general_ci) DEFAULT CHARSET=utf8mb4`,
    );
    await scratch.admin.query(`INSERT INTO ${quoteIdentifier(hostile)} (${quoteIdentifier('e`mail;')}) VALUES ('A'), ('a'), ('b')`);
    const file = migrationFile('hostile', [
      `ALTER TABLE ${quoteIdentifier(hostile)} ADD UNIQUE KEY u (${quoteIdentifier('e`mail;')});`,
      `ALTER TABLE ${quoteIdentifier(hostile)} ADD UNIQUE KEY u1 (${quoteIdentifier('e`mail;')}(1));`,
    ]);

    // Other test files switch the general log too; retry when our connection's lines are missing.
    let statements: { command: string; text: string }[] = [];
    let run: CliRun | undefined;
    for (let attempt = 0; attempt < 3 && statements.length === 0; attempt++) {
      await startGeneralLog(server!, scratch.admin);
      const logStart = (await readGeneralLog(server!, scratch.admin)).length;
      try {
        run = await runCli(['lint', file, '--live', scratch.url, '--format', 'json']);
      } finally {
        await scratch.admin.query('SET GLOBAL general_log = OFF');
      }
      statements = statementsOfUser((await readGeneralLog(server!, scratch.admin)).slice(logStart), scratch.user);
    }
    expect(run!.code).toBe(1);
    expect(diagnosticsOf(run!).filter((d) => d.ruleId === 'add-unique-key').map((d) => d.live?.verdict)).toEqual(['fails', 'fails']);
    const withText = statements.filter((s) => ['Query', 'Prepare', 'Execute'].includes(s.command));
    expect(withText.length).toBeGreaterThan(5);
    expect(withText.filter((s) => !ALLOWED_LIVE_STATEMENTS.some((pattern) => pattern.test(s.text)))).toEqual([]);
    expect(withText.some((s) => s.text === 'SET SESSION TRANSACTION READ ONLY')).toBe(true);
    expect(withText.some((s) => /^SHOW CREATE TABLE /.test(s.text))).toBe(true);
    const [tables] = (await scratch.admin.query("SHOW TABLES LIKE 'victim'")) as unknown as [unknown[]];
    expect(tables).toHaveLength(1);
  });
});
