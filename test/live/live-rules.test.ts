/**
 * The live-only rules (`requires: 'live'`) against the throwaway server: each example's `history`
 * creates and fills its tables in a fresh database, its `sql` is linted as the migration through
 * `lintPaths` with a `LiveRun` (as the CLI does). Plus edge cases of the AUTO_INCREMENT rules.
 */
import { textOf } from '../rules/helpers.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { lintPaths } from '../../src/run.js';
import { LiveRun } from '../../src/live/run-live.js';
import type { RuleExample } from '../../src/rule.js';
import { createScratch, flavorOf, liveServer, uniqueSuffix, type Scratch } from './helpers.js';

const { server, skipReason } = liveServer();
const liveOnly = allRules.filter((rule) => rule.meta.requires === 'live');

let workDir: string;

/** Lints `sql` live against a fresh database where `history` ran; returns the diagnostics. */
async function lintLive(history: string | undefined, sql: string, setup?: (scratch: Scratch) => Promise<void>) {
  const scratch = await createScratch(server!, 'rule');
  try {
    if (history) await scratch.admin.query(history);
    if (setup) await setup(scratch);
    const file = path.join(workDir, `m_${uniqueSuffix()}.sql`);
    writeFileSync(file, sql);
    const live = await LiveRun.open({ url: scratch.url, env: {} });
    try {
      const result = await lintPaths([file], { dialect: flavorOf(server!), live });
      return { diagnostics: result.files.flatMap((f) => f.diagnostics), summary: result.summary, notes: live.notes };
    } finally {
      await live.close();
    }
  } finally {
    await scratch.dispose();
  }
}

describe.skipIf(!server)(`live-only rules${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'uniqlint-live-rules-'));
  });
  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it('there are live-only rules, each tagged data-dependent', () => {
    expect(liveOnly.map((rule) => rule.meta.id).sort()).toEqual(['auto-increment-drift', 'auto-increment-headroom', 'server-settings']);
    for (const rule of liveOnly) expect(rule.meta.tags).toContain('data-dependent');
  });

  // Examples that need server settings of their own run on a server of their own
  // (test/live/server-settings.test.ts): the global variables they set would reach every test here.
  for (const rule of liveOnly.filter((candidate) => [...candidate.meta.examples.invalid, ...candidate.meta.examples.valid].every((example) => !example.serverSettings))) {
    describe(`${rule.meta.id} examples`, () => {
      const cases = (examples: RuleExample[]) => examples.map((example) => [example.description ?? example.sql, example] as const);
      it.each(cases(rule.meta.examples.invalid))('invalid: %s', async (_description, example) => {
        const { diagnostics, notes } = await lintLive(example.history, example.sql);
        const own = diagnostics.filter((d) => d.ruleId === rule.meta.id);
        expect(own.map((d) => d.message)).toHaveLength(1);
        expect(own[0]!.severity).toBe(rule.meta.defaultSeverity);
        expect(notes).toEqual([]);
      });
      it.each(cases(rule.meta.examples.valid))('valid: %s', async (_description, example) => {
        const { diagnostics, notes } = await lintLive(example.history, example.sql);
        expect(diagnostics.filter((d) => d.ruleId === rule.meta.id).map((d) => d.message)).toEqual([]);
        expect(notes).toEqual([]);
      });
    });
  }

  it('auto-increment-drift: the next generated id is really taken (an INSERT on the same table fails with 1062)', async () => {
    const example = liveOnly.find((rule) => rule.meta.id === 'auto-increment-drift')!.meta.examples.invalid[0]!;
    let insertError: unknown;
    const { diagnostics } = await lintLive(example.history, example.sql, async (scratch) => {
      // The oracle runs after the lint would have: here on a second table filled the same way.
      await scratch.admin.query(example.history!.replace(/order_numbers/g, 'order_numbers2').replace(/\borders\b/g, 'orders2'));
      insertError = await scratch.admin.query("INSERT INTO orders2 (note) VALUES ('d')").then(() => undefined, (error: unknown) => error);
    });
    expect((insertError as { errno?: number } | undefined)?.errno).toBe(1062);
    const [drift] = diagnostics.filter((d) => d.ruleId === 'auto-increment-drift');
    expect(textOf(drift!)).toContain('is 4 but MAX(`id`) is 4');
    expect(textOf(drift!)).toContain("Duplicate entry '4'");
    expect(textOf(drift!)).toContain('ALTER TABLE `orders` AUTO_INCREMENT = 5;');
    expect(drift!.range.start.line).toBe(1);
  });

  it('auto-increment-drift: a counter below MAX whose next values are free says when the first collision comes', async () => {
    const history =
      'CREATE TABLE parents (n INT PRIMARY KEY) ENGINE=InnoDB;\n' +
      'CREATE TABLE kids (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, FOREIGN KEY (id) REFERENCES parents (n) ON UPDATE CASCADE) ENGINE=InnoDB;\n' +
      'INSERT INTO parents VALUES (1), (2), (3);\n' +
      'INSERT INTO kids VALUES (), (), ();\n' +
      'UPDATE parents SET n = 10 WHERE n = 3;';
    const { diagnostics } = await lintLive(history, 'ALTER TABLE kids ADD COLUMN note TEXT;');
    const drift = diagnostics.filter((d) => d.ruleId === 'auto-increment-drift');
    expect(drift).toHaveLength(1);
    expect(textOf(drift[0]!)).toContain('is 4 but MAX(`id`) is 10');
    expect(textOf(drift[0]!)).toContain('the INSERT that is given 10 (after 6 more generated values)');
  });

  it('findings point at the first statement acting on the table, once per run, and not at a foreign key naming it', async () => {
    const history =
      'CREATE TABLE countries (id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64)) ENGINE=InnoDB;\n' +
      "INSERT INTO countries (name) VALUES ('Aland');\n" +
      'ALTER TABLE countries AUTO_INCREMENT = 250;';
    const sql =
      'CREATE TABLE cities (id BIGINT PRIMARY KEY, country_id TINYINT UNSIGNED, FOREIGN KEY (country_id) REFERENCES countries (id));\n' +
      'ALTER TABLE countries ADD COLUMN iso_code CHAR(2) NULL;\n' +
      'ALTER TABLE countries ADD COLUMN iso3 CHAR(3) NULL;\n';
    const { diagnostics } = await lintLive(history, sql);
    const headroom = diagnostics.filter((d) => d.ruleId === 'auto-increment-headroom');
    expect(headroom).toHaveLength(1);
    expect(headroom[0]!.range.start.line).toBe(2);
    // 249 of 255 used: 97.6%, an error.
    expect(headroom[0]!.severity).toBe('error');
    expect(textOf(headroom[0]!)).toContain('97.6%');
    expect(textOf(headroom[0]!)).toContain('6 value(s) left');
  });

  it('tables created by the migration and tables the database lacks get no AUTO_INCREMENT finding', async () => {
    const { diagnostics, notes } = await lintLive(undefined, 'CREATE TABLE fresh (id TINYINT AUTO_INCREMENT PRIMARY KEY);\nALTER TABLE missing_table ADD COLUMN x INT;\n');
    expect(diagnostics.filter((d) => d.ruleId.startsWith('auto-increment-'))).toEqual([]);
    expect(notes).toEqual([]);
  });

  it('an inline directive suppresses a live finding like any other', async () => {
    const example = liveOnly.find((rule) => rule.meta.id === 'auto-increment-headroom')!.meta.examples.invalid[0]!;
    const { diagnostics } = await lintLive(example.history, `-- uniqlint-disable-next-statement auto-increment-headroom\n${example.sql}`);
    expect(diagnostics.map((d) => d.ruleId)).toEqual([]);
  });

  it('the base schema comes from the database: a key the database already enforces is not reported', async () => {
    const history =
      'CREATE TABLE members (id INT PRIMARY KEY, email VARCHAR(100), UNIQUE KEY uk_email (email)) ENGINE=InnoDB;\n' +
      "INSERT INTO members VALUES (1, 'a'), (2, 'b');";
    const { diagnostics } = await lintLive(history, 'ALTER TABLE members ADD UNIQUE KEY uk_email_id (email, id);\nALTER TABLE members ADD UNIQUE KEY uk_id_email (id, email);\n');
    expect(diagnostics.filter((d) => d.ruleId === 'add-unique-key')).toEqual([]);
  });
});

describe.skipIf(!server)(`live progress${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'uniqlint-live-progress-'));
  });
  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  async function progressOf(isTTY: boolean): Promise<string> {
    const scratch = await createScratch(server!, 'progress');
    try {
      await scratch.admin.query('CREATE TABLE slow_items (id INT PRIMARY KEY, v INT)');
      await scratch.admin.query('INSERT INTO slow_items VALUES (1, 1), (2, 2), (3, 3)');
      await scratch.admin.query('ANALYZE TABLE slow_items');
      const file = path.join(workDir, `p_${uniqueSuffix()}.sql`);
      writeFileSync(file, 'ALTER TABLE slow_items ADD UNIQUE KEY uk_v (v);\n');
      let written = '';
      const stream = { isTTY, write: (text: string) => (written += text) };
      // A delay of 0 ms stands for "the probe took longer than the delay".
      const live = await LiveRun.open({ url: scratch.url, env: {}, progress: stream, progressDelayMs: 0 });
      try {
        await lintPaths([file], { dialect: flavorOf(server!), live });
      } finally {
        await live.close();
      }
      return written;
    } finally {
      await scratch.dispose();
    }
  }

  it('names the table and its estimated rows on a terminal, then clears the line', async () => {
    const written = await progressOf(true);
    expect(written).toMatch(/uniqlint: live check of `slow_items` \(about 3 rows, \d+\.\d s\)…/);
    expect(written.endsWith('\r\u001b[K')).toBe(true);
  });

  it('writes nothing when stderr is not a terminal', async () => {
    expect(await progressOf(false)).toBe('');
  });
});
