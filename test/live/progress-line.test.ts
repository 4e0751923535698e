/**
 * The progress line of a live run: what it says about each probe in flight, that it is written
 * only to a terminal, cleared at the end, and that it shows what the server says a connection is
 * doing (information_schema.PROCESSLIST) while a probe waits.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type mysql from 'mysql2/promise';
import { describeProbe, formatElapsed, ProgressLine, type ServerProgress } from '../../src/live/progress.js';
import { LiveRun } from '../../src/live/run-live.js';
import { lintPaths } from '../../src/run.js';
import { adminConnection, createScratch, liveServer, type Scratch } from './helpers.js';
import { runProcess } from '../support/processes.js';
import { shippedCli } from '../support/shipped-cli.js';

/** Quotes a word for `sh -c`. */
const shellWord = (word: string): string => `'${word.replace(/'/g, "'\\''")}'`;

/** Resolves once `condition` holds, checking after each turn of the event loop; fails after `turns` turns. */
async function until(condition: () => boolean, turns = 100_000): Promise<void> {
  for (let turn = 0; turn < turns && !condition(); turn++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

/** A promise and its resolver, to hold a probe open. */
function held(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe('what the progress line says', () => {
  it('names the table, the estimate, the rows the server examined, its stage and state, and the time', () => {
    expect(describeProbe({ label: '`users`', estimatedRows: 2_000_000 }, 1_234)).toBe('`users` (about 2,000,000 rows, 1.2 s)');
    expect(describeProbe({ label: '`users`', estimatedRows: 10, server: { examinedRows: 2_000_000, state: 'Creating sort index' } }, 15_400)).toBe(
      '`users` (about 10 rows, 2,000,000 rows examined, creating sort index, 15 s)',
    );
    expect(describeProbe({ label: '`t`', server: { stage: { stage: 1, maxStage: 2, percent: 43.8 }, state: 'copy to tmp table' } }, 0)).toBe(
      '`t` (stage 1 of 2, 44%, copy to tmp table, 0.0 s)',
    );
    // Zero examined rows (an INSERT ... SELECT shows none) is left out rather than shown as progress.
    expect(describeProbe({ label: '`t`', server: { examinedRows: 0, state: 'Sending data' } }, 2_000)).toBe('`t` (sending data, 2.0 s)');
    expect(formatElapsed(9_949)).toBe('9.9 s');
    expect(formatElapsed(61_000)).toBe('61 s');
  });

  it('writes nothing and asks the server nothing when the stream is not a terminal', async () => {
    let written = '';
    let asked = 0;
    const line = new ProgressLine({ isTTY: false, write: (text) => (written += text) }, { delayMs: 0, readServerProgress: async () => (asked++, new Map()) });
    await expect(line.track({ label: '`t`', connectionId: 1 }, async () => 42)).resolves.toBe(42);
    expect(written).toBe('');
    expect(asked).toBe(0);
  });

  it('shows every probe in flight on one line with the server figures, cut to the width, and clears it when the last ends', async () => {
    let written = '';
    const asked: number[][] = [];
    const figures = new Map<number, ServerProgress>([
      [11, { examinedRows: 1_500, state: 'Sending data' }],
      [12, { state: 'Creating sort index' }],
    ]);
    const line = new ProgressLine(
      { isTTY: true, columns: 400, write: (text) => (written += text) },
      { delayMs: 0, intervalMs: 60_000, now: () => 0, readServerProgress: async (ids) => (asked.push(ids), figures) },
    );
    const first = held();
    const second = held();
    const probes = Promise.all([
      line.track({ label: '`alpha`', estimatedRows: 3_000, connectionId: 11 }, () => first.promise),
      line.track({ label: '`beta`', connectionId: 12 }, () => second.promise),
    ]);
    await until(() => written.includes('creating sort index'));
    expect(asked[0]).toEqual([11, 12]);
    expect(written).toContain('\r\u001b[Kuniqlint: live check of `alpha` (about 3,000 rows, 1,500 rows examined, sending data, 0.0 s) · `beta` (creating sort index, 0.0 s)…');
    first.release();
    second.release();
    await probes;
    expect(written.endsWith('\r\u001b[K')).toBe(true);

    // A narrow terminal: the line is cut, never wrapped.
    let narrow = '';
    const cut = new ProgressLine({ isTTY: true, columns: 30, write: (text) => (narrow += text) }, { delayMs: 0, intervalMs: 60_000 });
    const third = held();
    const probe = cut.track({ label: '`a_table_with_a_long_name`', estimatedRows: 123_456_789 }, () => third.promise);
    await until(() => narrow.length > 0);
    const shown = narrow.split('\r\u001b[K').filter((part) => part !== '');
    expect(shown.every((part) => part.length <= 29)).toBe(true);
    third.release();
    await probe;
  });
});

const { server, skipReason } = liveServer();

describe.skipIf(!server)(`the progress line of a live run${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let scratch: Scratch;
  let locker: mysql.Connection;
  let directory: string;

  beforeAll(async () => {
    scratch = await createScratch(server!, 'progress');
    locker = await adminConnection(server!);
    await locker.query(`USE \`${scratch.database}\``);
    await scratch.admin.query("CREATE TABLE waiting_table (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO waiting_table VALUES (1, 'a'), (2, 'a'), (3, 'b')");
    directory = mkdtempSync(path.join(tmpdir(), 'uniqlint-progress-'));
  });
  afterAll(async () => {
    await locker?.end();
    await scratch?.dispose();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("shows the server's state of the probe's connection while it waits, then clears the line", async () => {
    const file = path.join(directory, 'wait.sql');
    writeFileSync(file, 'ALTER TABLE waiting_table ADD UNIQUE KEY uk_v (v);\n');
    let written = '';
    const live = await LiveRun.open({ url: scratch.url, env: {}, progress: { isTTY: true, write: (text) => (written += text) }, progressDelayMs: 0 });
    try {
      // Hold the probe: its SELECT waits for the table's metadata lock until UNLOCK TABLES.
      await locker.query('LOCK TABLES waiting_table WRITE');
      let unlocked = false;
      try {
        const linting = lintPaths([file], { dialect: 'mariadb', live });
        const deadline = Date.now() + 60_000;
        while (!/waiting for table metadata lock/.test(written) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(written).toMatch(/uniqlint: live check of `waiting_table` \(about 3 rows, waiting for table metadata lock, \d+(\.\d)? s\)…/);
        await locker.query('UNLOCK TABLES');
        unlocked = true;
        const result = await linting;
        expect(result.files[0]!.diagnostics.find((d) => d.ruleId === 'add-unique-key')?.live?.verdict).toBe('fails');
      } finally {
        if (!unlocked) await locker.query('UNLOCK TABLES');
      }
    } finally {
      await live.close();
    }
    expect(written.endsWith('\r\u001b[K')).toBe(true);
  });

  /** Connections of the probe account, and whether one of them waits for a metadata lock. */
  async function connectionsOfAccount(): Promise<{ count: number; waiting: boolean }> {
    const [rows] = (await scratch.admin.query('SELECT STATE AS state FROM information_schema.PROCESSLIST WHERE USER = ?', [scratch.user])) as unknown as [
      { state: string | null }[],
    ];
    return { count: rows.length, waiting: rows.some((row) => /metadata lock/.test(row.state ?? '')) };
  }

  /**
   * Runs the shipped CLI with stderr on a terminal (util-linux `script` gives it a pseudo-terminal;
   * stdout goes to a file), holding its probe until `release` says so; returns the terminal's text.
   */
  async function onTerminal(format: string, release: () => Promise<void>): Promise<string> {
    const file = path.join(directory, `tty-${format}.sql`);
    writeFileSync(file, 'ALTER TABLE waiting_table ADD UNIQUE KEY uk_v (v);\n');
    const command = [process.execPath, shippedCli, 'lint', file, '--live', scratch.url, '--format', format].map(shellWord).join(' ');
    await locker.query('LOCK TABLES waiting_table WRITE');
    let unlocked = false;
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
      delete env.UNIQLINT_DATABASE_URL;
      const run = runProcess('script', ['-qec', `${command} > ${shellWord(path.join(directory, `out-${format}`))}`, '/dev/null'], { env });
      await release();
      await locker.query('UNLOCK TABLES');
      unlocked = true;
      return (await run).stdout;
    } finally {
      if (!unlocked) await locker.query('UNLOCK TABLES');
    }
  }

  it('the shipped CLI shows the line on a terminal for the stylish format, and never for a machine format', async () => {
    const script = await runProcess('script', ['--version']).catch(() => undefined);
    expect(script?.code, 'util-linux script is needed to give the CLI a terminal').toBe(0);
    const deadline = () => Date.now() + 60_000;
    // Stylish: the line is drawn before the server is first asked, over a connection of its own.
    const stylish = await onTerminal('stylish', async () => {
      const until = deadline();
      let seen = await connectionsOfAccount();
      while (!(seen.waiting && seen.count >= 2) && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        seen = await connectionsOfAccount();
      }
    });
    expect(stylish).toMatch(/uniqlint: live check of `waiting_table` \(about 3 rows, .*\d s\)…/);
    // JSON: the probe is held well past the line's delay; no line, and no connection for it.
    let most = 0;
    const json = await onTerminal('json', async () => {
      const until = deadline();
      while (!(await connectionsOfAccount()).waiting && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
      for (let look = 0; look < 30; look++) {
        most = Math.max(most, (await connectionsOfAccount()).count);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    expect(json).not.toContain('live check of');
    expect(most).toBe(1);
  });
});
