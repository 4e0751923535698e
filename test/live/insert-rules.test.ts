/**
 * Live parts of the rules about written rows, against the throwaway MariaDB, differentially: each
 * case creates and fills tables in a fresh database, lints its one-statement migration live
 * (`lintPaths` with a `LiveRun`, as the CLI does, through a SELECT-only account), then runs the
 * statement for real in the same database and compares.
 *
 * - duplicate-key-in-inserted-rows, insert-select-without-dedup, explicit-auto-increment-value:
 *   a `fails` verdict exactly when the statement fails with ERROR 1062; `passes` or no finding
 *   when it succeeds.
 * - auto-increment-reset: the counter the verdict predicts equals the table's AUTO_INCREMENT after
 *   the ALTER, and an INSERT that lets the server pick the id succeeds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostic.js';
import { lintPaths } from '../../src/run.js';
import { LiveRun } from '../../src/live/run-live.js';
import { createScratch, flavorOf, liveServer, uniqueSuffix } from './helpers.js';

const { server, skipReason } = liveServer();
let workDir: string;

interface Outcome {
  diagnostics: Diagnostic[];
  /** errno of the statement run for real, or undefined when it succeeded. */
  errno?: number;
  /** AUTO_INCREMENT of `counterTable` after the statement, when asked for. */
  counterAfter?: bigint;
  /** errno of an INSERT letting the server pick the id after the statement, when asked for. */
  insertAfterErrno?: number | null;
}

async function lintThenRun(setup: string[], statement: string, counterTable?: string): Promise<Outcome> {
  const scratch = await createScratch(server!, 'ins');
  try {
    for (const sql of setup) await scratch.admin.query(sql);
    const file = path.join(workDir, `m_${uniqueSuffix()}.sql`);
    writeFileSync(file, `${statement}\n`);
    const live = await LiveRun.open({ url: scratch.url, env: {} });
    let diagnostics: Diagnostic[];
    try {
      const result = await lintPaths([file], { dialect: flavorOf(server!), live });
      diagnostics = result.files.flatMap((entry) => entry.diagnostics);
      expect(live.notes).toEqual([]);
    } finally {
      await live.close();
    }
    const outcome: Outcome = { diagnostics };
    try {
      await scratch.admin.query(statement);
    } catch (error) {
      const errno = (error as { errno?: number }).errno;
      if (errno === undefined) throw error;
      outcome.errno = errno;
    }
    if (counterTable) {
      const [rows] = (await scratch.admin.query(
        'SELECT AUTO_INCREMENT AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
        [counterTable],
      )) as unknown as [{ n: number | string }[]];
      outcome.counterAfter = BigInt(String(rows[0]!.n));
      outcome.insertAfterErrno = await scratch.admin
        .query(`INSERT INTO \`${counterTable}\` (email) VALUES ('after@example.com')`)
        .then(() => null, (error: unknown) => (error as { errno?: number }).errno ?? -1);
    }
    return outcome;
  } finally {
    await scratch.dispose();
  }
}

interface WriteCase {
  name: string;
  rule: string;
  setup: string[];
  statement: string;
  /** The verdict expected from the live check; `none` when no finding of the rule remains. */
  expected: 'fails' | 'passes' | 'none';
}

const USERS = 'CREATE TABLE users (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(100) NOT NULL, UNIQUE KEY uk_email (email)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci';
const USER_ROWS = "INSERT INTO users (id, email) VALUES (1, 'Alice@example.com'), (2, 'bob@example.com')";
const ORDERS = 'CREATE TABLE orders (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL, code VARCHAR(8)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';

const WRITE_CASES: WriteCase[] = [
  {
    name: 'literal row whose email already exists in another letter case',
    rule: 'duplicate-key-in-inserted-rows',
    setup: [USERS, USER_ROWS],
    statement: "INSERT INTO users (email) VALUES ('carol@example.com'), ('alice@EXAMPLE.com');",
    expected: 'fails',
  },
  {
    name: 'literal rows that are all new',
    rule: 'duplicate-key-in-inserted-rows',
    setup: [USERS, USER_ROWS],
    statement: "INSERT INTO users (email) VALUES ('carol@example.com'), ('dave@example.com');",
    expected: 'none',
  },
  {
    name: 'literal row equal to an existing one but for trailing spaces (PAD SPACE)',
    rule: 'duplicate-key-in-inserted-rows',
    setup: [USERS, USER_ROWS],
    statement: "INSERT INTO users (email) VALUES ('bob@example.com   ');",
    expected: 'fails',
  },
  {
    name: 'literal rows colliding among themselves, none in the table',
    rule: 'duplicate-key-in-inserted-rows',
    setup: [USERS, USER_ROWS],
    statement: "INSERT INTO users (email) VALUES ('erin@example.com'), ('ERIN@example.com');",
    expected: 'fails',
  },
  {
    name: 'INSERT ... SELECT of an email that repeats in the source',
    rule: 'insert-select-without-dedup',
    setup: [USERS, USER_ROWS, ORDERS, "INSERT INTO orders VALUES (1, 'zed@example.com', 'a'), (2, 'zed@example.com', 'b')"],
    statement: 'INSERT INTO users (email) SELECT email FROM orders;',
    expected: 'fails',
  },
  {
    name: 'INSERT ... SELECT whose values differ only in case: distinct in the source, one value in the target',
    rule: 'insert-select-without-dedup',
    setup: [USERS, USER_ROWS, ORDERS, "INSERT INTO orders VALUES (1, 'yan@example.com', 'a'), (2, 'YAN@example.com', 'b')"],
    statement: 'INSERT INTO users (email) SELECT email FROM orders;',
    expected: 'fails',
  },
  {
    name: 'INSERT ... SELECT of an email the table already holds',
    rule: 'insert-select-without-dedup',
    setup: [USERS, USER_ROWS, ORDERS, "INSERT INTO orders VALUES (1, 'BOB@example.com', 'a'), (2, 'new@example.com', 'b')"],
    statement: 'INSERT INTO users (email) SELECT email FROM orders;',
    expected: 'fails',
  },
  {
    name: "INSERT ... SELECT into an integer key: '7' and '07' are one number",
    rule: 'insert-select-without-dedup',
    setup: ['CREATE TABLE codes (code INT PRIMARY KEY)', ORDERS, "INSERT INTO orders VALUES (1, 'a', '7'), (2, 'b', '07')"],
    statement: 'INSERT INTO codes (code) SELECT code FROM orders;',
    expected: 'fails',
  },
  {
    name: 'INSERT ... SELECT of new, distinct emails',
    rule: 'insert-select-without-dedup',
    setup: [USERS, USER_ROWS, ORDERS, "INSERT INTO orders VALUES (1, 'p@example.com', 'a'), (2, 'q@example.com', 'b')"],
    statement: 'INSERT INTO users (email) SELECT email FROM orders;',
    expected: 'passes',
  },
  {
    name: 'explicit ids, one of them taken',
    rule: 'explicit-auto-increment-value',
    setup: [USERS, USER_ROWS],
    statement: "INSERT INTO users (id, email) VALUES (50, 'x@example.com'), (2, 'y@example.com');",
    expected: 'fails',
  },
  {
    name: 'explicit ids, all free',
    rule: 'explicit-auto-increment-value',
    setup: [USERS, USER_ROWS],
    statement: "INSERT INTO users (id, email) VALUES (50, 'x@example.com'), (51, 'y@example.com');",
    expected: 'passes',
  },
];

describe.skipIf(!server)(`live checks of written rows${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'uniqlint-live-insert-'));
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it.each(WRITE_CASES.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const outcome = await lintThenRun(entry.setup, entry.statement);
    const own = outcome.diagnostics.filter((diagnostic) => diagnostic.ruleId === entry.rule);
    if (entry.expected === 'none') expect(own).toEqual([]);
    else {
      expect(own).toHaveLength(1);
      expect(own[0]!.live?.verdict).toBe(entry.expected);
      expect(own[0]!.severity).toBe(entry.expected === 'fails' ? 'error' : entry.rule === 'explicit-auto-increment-value' ? 'warning' : 'info');
    }
    // The prediction agrees with what the server did.
    if (entry.expected === 'fails') expect(outcome.errno).toBe(1062);
    else expect(outcome.errno).toBeUndefined();
  });

  it('a literal row found in the table comes with a sample of the existing value', async () => {
    const outcome = await lintThenRun([USERS, USER_ROWS], "INSERT INTO users (email) VALUES ('ALICE@example.com');");
    const finding = outcome.diagnostics.find((diagnostic) => diagnostic.ruleId === 'duplicate-key-in-inserted-rows')!;
    expect(finding.live?.samples).toEqual([{ values: ['Alice@example.com'], count: 1 }]);
    // The server stored the row in a scratch copy of the key column and joined it with the table.
    expect(finding.live?.query).toMatch(/^SELECT DISTINCT t\.`email` FROM `[^`]+`\.`uniqlint_scratch_\d+` AS s JOIN /);
  });

  it.each([
    ['a value not above MAX(id): the server keeps MAX(id) + 1', "ALTER TABLE users AUTO_INCREMENT = 2;", 'warning'],
    ['a value above MAX(id): the counter moves there', 'ALTER TABLE users AUTO_INCREMENT = 500;', 'info'],
  ])('auto-increment-reset, %s', async (_name, statement, severity) => {
    const outcome = await lintThenRun([USERS, USER_ROWS, "INSERT INTO users (id, email) VALUES (40, 'z@example.com')"], statement, 'users');
    const finding = outcome.diagnostics.find((diagnostic) => diagnostic.ruleId === 'auto-increment-reset')!;
    expect(finding.live?.verdict).toBe('passes');
    expect(finding.severity).toBe(severity);
    const predicted = /counter (?:to|moves to) (\d+)/.exec(finding.live?.reason ?? '')?.[1];
    expect(predicted).toBeDefined();
    expect(outcome.errno).toBeUndefined();
    expect(outcome.counterAfter).toBe(BigInt(predicted!));
    expect(outcome.insertAfterErrno).toBeNull();
  });

  it('says unknown, without querying, for a table an earlier statement of the file creates', async () => {
    const scratch = await createScratch(server!, 'ins');
    try {
      const file = path.join(workDir, `m_${uniqueSuffix()}.sql`);
      writeFileSync(file, 'CREATE TABLE fresh (id INT PRIMARY KEY, v INT);\nINSERT INTO fresh (id, v) SELECT 1, 2;\nINSERT INTO fresh (id, v) SELECT id, v FROM fresh;\n');
      const live = await LiveRun.open({ url: scratch.url, env: {} });
      try {
        const result = await lintPaths([file], { dialect: flavorOf(server!), live });
        const finding = result.files[0]!.diagnostics.find((diagnostic) => diagnostic.ruleId === 'insert-select-without-dedup')!;
        expect(finding.live).toMatchObject({ verdict: 'unknown' });
        expect(finding.live!.reason).toContain('not checked');
      } finally {
        await live.close();
      }
    } finally {
      await scratch.dispose();
    }
  });
});
