/**
 * What a live run costs, known before it is paid, through the shipped CLI: the row budget
 * (`--live-max-rows` and `"live": {"maxRows"}`) keeps a probe from starting, as the server's
 * general log shows; `--live-explain` puts the server's plan in the finding; probes of several
 * tables over a pool of connections (`--live-concurrency 3`) give the report a serial run gives.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvidence } from '../../src/diagnostic.js';
import type { ProcessResult } from '../support/processes.js';
import { LiveTimeoutError } from '../../src/live/session.js';
import { createScratch, liveServer, openSession, readGeneralLog, runLiveCli, startGeneralLog, statementsOfUser, type Scratch } from './helpers.js';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const { server, skipReason } = liveServer();

interface JsonDiagnostic {
  ruleId: string;
  severity: string;
  line: number;
  live?: LiveEvidence;
}

function diagnosticsOf(run: ProcessResult): JsonDiagnostic[] {
  const document = JSON.parse(run.stdout) as { files: { diagnostics: JsonDiagnostic[] }[] };
  return document.files.flatMap((file) => file.diagnostics);
}

/** The JSON report without the figures that differ from run to run (wall-clock times). */
/**
 * A JSON report without what depends on timing: the probes' times, and the bound of a probe's
 * later statements (each gets what is left of the timeout, in whole milliseconds).
 */
function withoutTimes(stdout: string): unknown {
  return JSON.parse(stdout, (key, value: unknown) => {
    if (key === 'elapsedMs') return undefined;
    if (typeof value === 'string') return value.replace(/max_statement_time=[\d.]+/g, 'max_statement_time=N').replace(/MAX_EXECUTION_TIME\(\d+\)/g, 'MAX_EXECUTION_TIME(N)');
    return value;
  });
}

describe.skipIf(!server)(`the cost of a live run${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let scratch: Scratch;
  let directory: string;

  beforeAll(async () => {
    scratch = await createScratch(server!, 'cost');
    directory = mkdtempSync(path.join(tmpdir(), 'uniqlint-cost-'));
    // `big_table`: 60 rows, two of them share `v`; `small_table`: 3 rows, two share `v`.
    await scratch.admin.query('CREATE TABLE big_table (id INT PRIMARY KEY, v VARCHAR(20), w INT)');
    await scratch.admin.query("INSERT INTO big_table SELECT seq, CONCAT('v', seq), seq FROM seq_1_to_60");
    await scratch.admin.query("UPDATE big_table SET v = 'v1' WHERE id = 2");
    await scratch.admin.query("CREATE TABLE small_table (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO small_table VALUES (1, 'a'), (2, 'a'), (3, 'b')");
    await scratch.admin.query('ANALYZE TABLE big_table, small_table');
  });
  afterAll(async () => {
    await scratch?.dispose();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  function file(name: string, lines: string[]): string {
    const target = path.join(directory, name);
    writeFileSync(target, lines.join('\n') + '\n');
    return target;
  }

  /** Runs the CLI with the general log on; returns the run and the statements of the probe account. Retries when another test file switched the log off meanwhile. */
  async function runLogged(args: string[]): Promise<{ run: ProcessResult; statements: { thread: number; command: string; text: string }[] }> {
    let statements: { thread: number; command: string; text: string }[] = [];
    let run: ProcessResult | undefined;
    for (let attempt = 0; attempt < 3 && !statements.some((s) => s.command === 'Query'); attempt++) {
      await startGeneralLog(server!, scratch.admin);
      const logStart = (await readGeneralLog(server!, scratch.admin)).length;
      try {
        run = await runLiveCli(args);
      } finally {
        await scratch.admin.query('SET GLOBAL general_log = OFF');
      }
      statements = statementsOfUser((await readGeneralLog(server!, scratch.admin)).slice(logStart), scratch.user);
    }
    return { run: run!, statements };
  }

  it('does not start a probe above --live-max-rows: the verdict says why, and the general log shows no query of that table', async () => {
    const migration = file('budget.sql', ['ALTER TABLE big_table ADD UNIQUE KEY uk_v (v);', 'ALTER TABLE small_table ADD UNIQUE KEY uk_v (v);']);
    const { run, statements } = await runLogged(['lint', migration, '--live', scratch.url, '--format', 'json', '--live-max-rows', '10']);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const [big, small] = diagnosticsOf(run).filter((d) => d.ruleId === 'add-unique-key');
    expect(big!.live!.verdict).toBe('unknown');
    expect(big!.live!.reason).toMatch(/^about \d+ rows, over --live-max-rows 10: not checked, no row was read/);
    expect(big!.live!.estimatedRows).toBeGreaterThan(10);
    expect(big!.live!.query).toBeUndefined();
    expect(big!.severity).toBe('warning');
    // The table under the budget is checked as before.
    expect(small!.live).toMatchObject({ verdict: 'fails', duplicateGroups: 1, estimatedRows: 3 });
    expect(run.code).toBe(1);
    // The log: the small table was grouped, the big one never read (its definition and estimate come from SHOW and information_schema).
    const texts = statements.filter((s) => ['Query', 'Prepare', 'Execute'].includes(s.command)).map((s) => s.text);
    expect(texts.some((text) => /GROUP BY/.test(text) && /`small_table`/.test(text))).toBe(true);
    expect(texts.filter((text) => /`big_table`/.test(text) && !/^SHOW CREATE TABLE /.test(text))).toEqual([]);
  });

  it('keeps the UPDATE check of a unique key within --live-max-rows too: the big table is never read', async () => {
    // 60 rows with distinct values under a unique key; the UPDATE sets two of them to one value.
    await scratch.admin.query('CREATE TABLE IF NOT EXISTS upd_big (id INT PRIMARY KEY, v VARCHAR(20), UNIQUE KEY u_v (v))');
    await scratch.admin.query("INSERT IGNORE INTO upd_big SELECT seq, CONCAT('v', seq) FROM seq_1_to_60");
    const keyed = file('budget-update.sql', ["UPDATE upd_big SET v = 'same' WHERE id IN (1, 3);"]);
    await scratch.admin.query('ANALYZE TABLE upd_big');
    const { run, statements } = await runLogged(['lint', keyed, '--live', scratch.url, '--format', 'json', '--live-max-rows', '10']);
    const update = diagnosticsOf(run).find((d) => d.ruleId === 'update-unique-key');
    expect(update?.live?.verdict).toBe('unknown');
    expect(update!.live!.reason).toMatch(/^about \d+ rows, over --live-max-rows 10: not checked, no row was read/);
    const texts = statements.filter((s) => ['Query', 'Prepare', 'Execute'].includes(s.command)).map((s) => s.text);
    expect(texts.filter((text) => /`upd_big`/.test(text) && !/^SHOW CREATE TABLE /.test(text))).toEqual([]);
    // Within the budget the server decides: two rows set to one value collide.
    const checked = await runLiveCli(['lint', keyed, '--live', scratch.url, '--format', 'json', '--live-max-rows', '0']);
    expect(diagnosticsOf(checked).find((d) => d.ruleId === 'update-unique-key')?.live?.verdict).toBe('fails');
  });

  it('keeps the INSERT ... SELECT check within --live-max-rows by the EXPLAIN of its SELECT: the big source is never read', async () => {
    // The target is empty and small; what the check reads is the SELECT's source, big_table (60
    // rows, `v1` twice).
    await scratch.admin.query('CREATE TABLE IF NOT EXISTS ins_target (id INT PRIMARY KEY, v VARCHAR(20), UNIQUE KEY u_v (v))');
    const migration = file('budget-insert.sql', ['INSERT INTO ins_target (id, v) SELECT id, v FROM big_table;', 'INSERT INTO ins_target (id, v) SELECT id, v FROM big_table WHERE id <= 3;']);
    const { run, statements } = await runLogged(['lint', migration, '--live', scratch.url, '--format', 'json', '--live-max-rows', '10']);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const [whole, few] = diagnosticsOf(run).filter((d) => d.ruleId === 'insert-select-without-dedup');
    expect(whole!.live!.verdict).toBe('unknown');
    expect(whole!.live!.reason).toMatch(/^about \d+ rows, over --live-max-rows 10: not checked, no row was read \(the estimate is the server's EXPLAIN of the SELECT\)/);
    expect(whole!.live!.estimatedRows).toBeGreaterThan(10);
    // Three rows by the plan (a range of the primary key): within the budget, checked, and the
    // server finds `v1` twice among them.
    expect(few!.live).toMatchObject({ verdict: 'fails' });
    // The log: the whole SELECT only ever explained; the bounded one read.
    const texts = statements.filter((s) => ['Query', 'Prepare', 'Execute'].includes(s.command)).map((s) => s.text);
    const explained = /^(SET STATEMENT max_statement_time=[\d.]+ FOR )?EXPLAIN /;
    expect(texts.filter((text) => /FROM big_table;?\)? AS uniqlint_src/.test(text) && explained.test(text))).not.toEqual([]);
    expect(texts.filter((text) => /FROM big_table\)? AS uniqlint_src/.test(text) && !explained.test(text))).toEqual([]);
    expect(texts.some((text) => /FROM big_table WHERE id <= 3\) AS uniqlint_src/.test(text) && !explained.test(text))).toBe(true);
    // Without a budget the whole SELECT is checked.
    const unbounded = await runLiveCli(['lint', migration, '--live', scratch.url, '--format', 'json', '--live-max-rows', '0']);
    expect(diagnosticsOf(unbounded).filter((d) => d.ruleId === 'insert-select-without-dedup').map((d) => d.live?.verdict)).toEqual(['fails', 'fails']);
  });

  it('takes the budget from the configuration, and the flag wins over it', async () => {
    const migration = file('budget-config.sql', ['ALTER TABLE big_table ADD UNIQUE KEY uk_v (v);']);
    const config = path.join(directory, 'budget.uniqlintrc.json');
    writeFileSync(config, JSON.stringify({ live: { maxRows: 10 } }));
    const fromConfig = await runLiveCli(['lint', migration, '--live', scratch.url, '--format', 'json', '-c', config]);
    expect(diagnosticsOf(fromConfig)[0]!.live!.reason).toMatch(/^about \d+ rows, over --live-max-rows 10:/);
    const flagWins = await runLiveCli(['lint', migration, '--live', scratch.url, '--format', 'json', '-c', config, '--live-max-rows', '0']);
    expect(diagnosticsOf(flagWins)[0]!.live).toMatchObject({ verdict: 'fails', duplicateGroups: 1, rowsScanned: 60 });
    const raised = await runLiveCli(['lint', migration, '--live', scratch.url, '--format', 'json', '-c', config, '--live-max-rows', '1000']);
    expect(diagnosticsOf(raised)[0]!.live).toMatchObject({ verdict: 'fails', duplicateGroups: 1 });
    // The default budget (10,000,000 rows) lets a small table through.
    const byDefault = await runLiveCli(['lint', migration, '--live', scratch.url, '--format', 'json']);
    expect(diagnosticsOf(byDefault)[0]!.live).toMatchObject({ verdict: 'fails', duplicateGroups: 1 });
  });

  it('bounds a whole probe by the timeout: past its deadline nothing more is sent, and its scratch tables are still dropped', async () => {
    const { live, session } = await openSession(scratch, 30_000);
    try {
      const late = await session.withinDeadline(5, async () => {
        await pause(50);
        return session.select('SELECT COUNT(*) AS n FROM big_table');
      }).catch((error: unknown) => error);
      expect(late).toBeInstanceOf(LiveTimeoutError);
      // The error names the probe's bound, not what was left of it.
      expect((late as LiveTimeoutError).timeoutMs).toBe(5);
      let scratchName = '';
      const afterCopy = await session
        .withinDeadline(200, () =>
          session.withScratchTables(async (tables) => {
            scratchName = await tables.create(['`k0` VARCHAR(20)']);
            await pause(300);
            await tables.fill(scratchName, ['`k0`'], 'SELECT v FROM big_table');
          }),
        )
        .catch((error: unknown) => error);
      expect(afterCopy).toBeInstanceOf(LiveTimeoutError);
      expect(scratchName).toMatch(/uniqlint_scratch_1`$/);
      // Dropped: the session no longer has it (ERROR 1146).
      const gone = await session.select(`SELECT 1 FROM ${scratchName}`).catch((error: unknown) => error);
      expect((gone as { errno?: number }).errno).toBe(1146);
      // Outside a deadline the session's own bound applies again.
      await expect(session.select('SELECT COUNT(*) AS n FROM big_table')).resolves.toEqual([{ n: '60' }]);
    } finally {
      await live.close();
    }
  });

  it('--live-explain puts the plan of the probe query in the finding, in JSON and in the stylish output', async () => {
    const migration = file('explain.sql', ['ALTER TABLE big_table ADD UNIQUE KEY uk_v (v);']);
    const { run, statements } = await runLogged(['lint', migration, '--live', scratch.url, '--format', 'json', '--live-explain']);
    const live = diagnosticsOf(run)[0]!.live!;
    expect(live.verdict).toBe('fails');
    expect(live.plan).toBeDefined();
    expect(live.plan!.length).toBeGreaterThan(0);
    const [plan] = live.plan!;
    // The plan is of the query the probe ran (its text without the timeout bound).
    expect(live.query).toContain(plan!.query);
    expect(plan!.error).toBeUndefined();
    const scans = plan!.steps.filter((step) => step.table === 'big_table');
    expect(scans.length).toBeGreaterThan(0);
    for (const step of scans) expect(step.rows).toBeGreaterThan(0);
    // The EXPLAIN was sent, bounded like the query.
    const bounds = statements.flatMap((s) => /^SET STATEMENT max_statement_time=([\d.]+) FOR EXPLAIN SELECT /.exec(s.text)?.[1] ?? []).map(Number);
    expect(bounds.length).toBeGreaterThan(0);
    for (const seconds of bounds) expect(seconds > 0 && seconds <= 30).toBe(true);

    const stylish = await runLiveCli(['lint', migration, '--live', scratch.url, '--live-explain', '--no-color']);
    expect(stylish.stdout).toMatch(/plan: EXPLAIN of (?:the query|query 1 of \d+):\n(\s+.*\n)*?\s+big_table: ALL \(full scan\), about \d+ rows/);
    // Without the flag, no plan and no EXPLAIN.
    const plain = await runLiveCli(['lint', migration, '--live', scratch.url, '--format', 'json']);
    expect(diagnosticsOf(plain)[0]!.live!.plan).toBeUndefined();

    // The check of literal rows looks their values up with placeholders: its plan is explained with them too.
    const rows = file('explain-rows.sql', ['ALTER TABLE small_table ADD UNIQUE KEY uk_id_v (id, v);', "INSERT INTO small_table (id, v) VALUES (1, 'a');"]);
    const withRows = await runLiveCli(['lint', rows, '--live', scratch.url, '--format', 'json', '--live-explain']);
    const inserted = diagnosticsOf(withRows).find((d) => d.ruleId === 'duplicate-key-in-inserted-rows');
    expect(inserted?.live?.verdict).toBe('fails');
    expect(inserted!.live!.plan!.length).toBeGreaterThan(0);
    for (const plan of inserted!.live!.plan!) {
      expect(plan.error).toBeUndefined();
      expect(plan.steps.length).toBeGreaterThan(0);
    }
  });
});

describe.skipIf(!server)(`probes in parallel${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let scratch: Scratch;
  let directory: string;
  const tables = ['t_alpha', 't_beta', 't_gamma', 't_delta'];

  beforeAll(async () => {
    scratch = await createScratch(server!, 'para');
    directory = mkdtempSync(path.join(tmpdir(), 'uniqlint-parallel-'));
    for (const [index, table] of tables.entries()) {
      await scratch.admin.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, v VARCHAR(20), s VARCHAR(20) COLLATE utf8mb4_bin, n INT)`);
      // Every table its own duplicates: `v` repeats 'x<index>' (index + 2) times; `s` differs only in case; `n` is distinct.
      await scratch.admin.query(
        `INSERT INTO ${table} SELECT seq, IF(seq <= ${index + 2}, 'x${index}', CONCAT('u', seq)), IF(seq % 2 = 0, 'Ab', CONCAT('ab', seq)), seq FROM seq_1_to_${20 + index * 5}`,
      );
    }
  });
  afterAll(async () => {
    await scratch?.dispose();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('gives the same verdicts, samples and order of findings with --live-concurrency 3 as with 1, over several connections', async () => {
    // The tables interleaved; a key whose collation changes (converted in a scratch table); literal
    // rows, which make the later checks of their table unknown (the database lacks those rows).
    const lines: string[] = [];
    for (const table of tables) lines.push(`ALTER TABLE ${table} ADD UNIQUE KEY uk_v (v);`);
    lines.push("INSERT INTO t_beta (id, v, s, n) VALUES (1000, 'x1', 'q', 1000);");
    for (const table of [...tables].reverse()) lines.push(`ALTER TABLE ${table} MODIFY s VARCHAR(20) COLLATE utf8mb4_general_ci, ADD UNIQUE KEY uk_s (s);`);
    for (const table of tables) lines.push(`ALTER TABLE ${table} ADD UNIQUE KEY uk_n (n);`);
    const migration = path.join(directory, 'parallel.sql');
    writeFileSync(migration, lines.join('\n') + '\n');

    const serial = await runLiveCli(['lint', migration, '--live', scratch.url, '--format', 'json', '--live-concurrency', '1']);
    let parallel: ProcessResult | undefined;
    let threads = new Set<number>();
    for (let attempt = 0; attempt < 3 && threads.size === 0; attempt++) {
      await startGeneralLog(server!, scratch.admin);
      const logStart = (await readGeneralLog(server!, scratch.admin)).length;
      try {
        parallel = await runLiveCli(['lint', migration, '--live', scratch.url, '--format', 'json', '--live-concurrency', '3']);
      } finally {
        await scratch.admin.query('SET GLOBAL general_log = OFF');
      }
      const statements = statementsOfUser((await readGeneralLog(server!, scratch.admin)).slice(logStart), scratch.user);
      threads = new Set(statements.filter((s) => /GROUP BY/.test(s.text)).map((s) => s.thread));
    }
    expect(serial.stderr).toBe('');
    expect(parallel!.stderr).toBe('');
    expect(parallel!.code).toBe(serial.code);
    // The grouping queries ran over three connections.
    expect(threads.size).toBe(3);

    const verdicts = diagnosticsOf(serial).filter((d) => d.live).map((d) => `${d.line} ${d.ruleId}: ${d.live!.verdict}`);
    expect(verdicts).toEqual([
      ...[1, 2, 3, 4].map((line) => `${line} add-unique-key: fails`),
      '5 duplicate-key-in-inserted-rows: fails',
      // MODIFY s of t_delta, t_gamma, t_beta (after the INSERT into it: unknown), t_alpha.
      '6 add-unique-key: fails',
      '7 add-unique-key: fails',
      '8 add-unique-key: unknown',
      '9 add-unique-key: fails',
      '10 add-unique-key: passes',
      '11 add-unique-key: unknown',
      '12 add-unique-key: passes',
      '13 add-unique-key: passes',
    ]);
    // Each table's own samples: 'x<index>' repeated index + 2 times.
    expect(diagnosticsOf(serial).slice(0, 4).map((d) => d.live!.samples)).toEqual(tables.map((_, index) => [{ values: [`x${index}`], count: index + 2 }]));
    expect(withoutTimes(parallel!.stdout)).toEqual(withoutTimes(serial.stdout));
  });

  it('runs over fewer connections, with a note, when the server refuses more (max_user_connections), and reports the same', async () => {
    const migration = path.join(directory, 'refused.sql');
    writeFileSync(migration, tables.map((table) => `ALTER TABLE ${table} ADD UNIQUE KEY uk_v (v);`).join('\n') + '\n');
    const serial = await runLiveCli(['lint', migration, '--live', scratch.url, '--format', 'json', '--live-concurrency', '1']);
    const host = server!.external ? '%' : '127.0.0.1';
    await scratch.admin.query('ALTER USER ?@? WITH MAX_USER_CONNECTIONS 1', [scratch.user, host]);
    let limited: ProcessResult;
    try {
      limited = await runLiveCli(['lint', migration, '--live', scratch.url, '--format', 'json', '--live-concurrency', '3']);
    } finally {
      await scratch.admin.query('ALTER USER ?@? WITH MAX_USER_CONNECTIONS 0', [scratch.user, host]);
    }
    expect(limited.stderr).toMatch(/^uniqlint: live: could not open 2 more connection\(s\) to .*max_user_connections.*; the probes ran over 1\n$/);
    expect(limited.code).toBe(serial.code);
    expect(withoutTimes(limited.stdout)).toEqual(withoutTimes(serial.stdout));
  });
});
