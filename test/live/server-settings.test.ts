/**
 * server-settings against a MariaDB of this file's own (binary log on, log_slave_updates on), so
 * that the global variables set here never reach the server the other live tests share. For each
 * example whose settings this server can take at run time (binlog_format, the increment and
 * offset, read_only, a configured replication source; innodb_autoinc_lock_mode, which is read-only
 * at run time, through a server started with it), the variables are set with SET GLOBAL,
 * the example is linted through a real live run, and the findings must equal those of the same
 * example against its recorded answers (test/rules/server-settings.test.ts). The examples these
 * servers cannot be put into (Galera, group replication, the binary log off) run against
 * recorded answers only.
 *
 * The premises are checked on the server too: under binlog_format=STATEMENT the binary log holds
 * the INSERT ... SELECT as a statement (a replica re-runs it), under ROW it holds the rows; the
 * upsert on a table with two unique keys is marked unsafe (warning 1592).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import rule from '../../rules/server-settings.js';
import { lintPaths } from '../../src/run.js';
import { lintText } from '../../src/engine/lint.js';
import { LiveRun } from '../../src/live/run-live.js';
import { readServerSettings } from '../../src/live/server-variables.js';
import type { RuleExample } from '../../src/rule.js';
import { findFreePort, mariaDbAvailability, startMariaDbServer, type MariaDbServer } from '../support/mariadb-server.js';
import { recordedFacts } from '../rules/server-settings-answers.js';
import { createScratch, openSession, uniqueSuffix, type Scratch } from './helpers.js';

const availability = mariaDbAvailability();
const skipReason = availability.available ? undefined : availability.reason;
if (skipReason && (process.env.CI === 'true' || process.env.CI === '1')) throw new Error(`server-settings live tests need MariaDB: ${skipReason}`);

/** Variables this server takes with SET GLOBAL; the others are fixed by its start options. */
const SETTABLE = new Set(['binlog_format', 'auto_increment_increment', 'auto_increment_offset', 'read_only']);
/** What the servers were started with; each lock mode of `LOCK_MODES` has a server of its own, started when first needed. */
const FIXED: Record<string, string> = { log_bin: 'ON', log_slave_updates: 'ON' };
/** log_slave_updates is read-only at run time: the examples with it OFF run against recorded answers only. */
const LOCK_MODES = new Set(['0', '1', '2']);
const DEFAULTS: Record<string, string> = { binlog_format: 'ROW', auto_increment_increment: '1', auto_increment_offset: '1', read_only: 'OFF' };

const servers = new Map<string, Promise<MariaDbServer>>();
/** The lock mode 1 server (MariaDB's default), for the tests that do not depend on the lock mode. */
let server: MariaDbServer | undefined;
let workDir: string;

function lockModeOf(example: RuleExample): string {
  return example.serverSettings?.variables?.innodb_autoinc_lock_mode ?? '1';
}

/** The server of `lockMode` (innodb_autoinc_lock_mode is read-only at run time, so each has its own). */
function serverFor(lockMode: string): Promise<MariaDbServer> {
  let started = servers.get(lockMode);
  if (!started) {
    started = startMariaDbServer({
      tls: true,
      extraArgs: ['--log-bin', '--log-slave-updates', '--server-id=11', '--binlog-format=ROW', `--innodb-autoinc-lock-mode=${lockMode}`],
    });
    servers.set(lockMode, started);
  }
  return started;
}

/** True when the example's server can be reproduced on this server. */
function reproducible(example: RuleExample): boolean {
  const settings = example.serverSettings ?? {};
  if (settings.status && Object.keys(settings.status).length > 0) return false;
  if (settings.groupMembers !== undefined) return false;
  for (const [name, value] of Object.entries(settings.variables ?? {})) {
    if (SETTABLE.has(name)) continue;
    if (name === 'innodb_autoinc_lock_mode' && LOCK_MODES.has(value)) continue;
    if (FIXED[name] !== value) return false;
  }
  return true;
}

async function configure(scratch: Scratch, example: RuleExample): Promise<void> {
  const variables = { ...DEFAULTS, ...Object.fromEntries(Object.entries(example.serverSettings?.variables ?? {}).filter(([name]) => SETTABLE.has(name))) };
  for (const [name, value] of Object.entries(variables)) {
    await scratch.admin.query(`SET GLOBAL ${name} = ${/^\d+$/.test(value) ? value : `'${value}'`}`);
  }
  const source = example.serverSettings?.replicationSource;
  if (source) {
    // A source that is configured but never started: the server knows it replicates from there.
    const port = await findFreePort();
    await scratch.admin.query(`CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = ${port}, MASTER_USER = 'nobody'`);
    await scratch.admin.query('GRANT SLAVE MONITOR ON *.* TO ?@?', [scratch.user, '127.0.0.1']);
  }
}

async function restore(scratch: Scratch): Promise<void> {
  for (const [name, value] of Object.entries(DEFAULTS)) await scratch.admin.query(`SET GLOBAL ${name} = ${/^\d+$/.test(value) ? value : `'${value}'`}`);
  await scratch.admin.query('RESET SLAVE ALL');
}

/** Lints the example live against this server set up as the example says. */
async function lintLive(example: RuleExample, setup?: (scratch: Scratch) => Promise<void>) {
  const scratch = await createScratch(await serverFor(lockModeOf(example)), 'settings');
  try {
    if (example.history) await scratch.admin.query(example.history);
    await configure(scratch, example);
    if (setup) await setup(scratch);
    const file = path.join(workDir, `m_${uniqueSuffix()}.sql`);
    writeFileSync(file, example.sql);
    const live = await LiveRun.open({ url: scratch.url, env: {} });
    try {
      const result = await lintPaths([file], { dialect: 'mariadb', live });
      return { findings: result.files.flatMap((f) => f.diagnostics).filter((d) => d.ruleId === rule.meta.id), notes: live.notes };
    } finally {
      await live.close();
    }
  } finally {
    await restore(scratch);
    await scratch.dispose();
  }
}

function recorded(example: RuleExample) {
  const result = lintText(example.sql, {
    dialect: 'mariadb',
    history: example.history !== undefined ? [example.history] : [],
    liveFacts: { autoIncrementAt: () => [], serverSettings: recordedFacts(example) },
  });
  return result.diagnostics.filter((d) => d.ruleId === rule.meta.id);
}

const all = [...rule.meta.examples.invalid, ...rule.meta.examples.valid];
const live = all.filter(reproducible);

describe.skipIf(skipReason !== undefined)(`server-settings on a server of its own${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(async () => {
    server = await serverFor('1');
    workDir = mkdtempSync(path.join(tmpdir(), 'uniqlint-server-settings-'));
  }, 120_000);
  afterAll(async () => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
    for (const started of servers.values()) await (await started.catch(() => undefined))?.stop();
  });

  it('most examples can be reproduced here, flagged and not flagged', () => {
    expect(live.filter((example) => rule.meta.examples.invalid.includes(example)).length).toBeGreaterThanOrEqual(4);
    expect(live.filter((example) => rule.meta.examples.valid.includes(example)).length).toBeGreaterThanOrEqual(5);
  });

  it.each(live.map((example) => [example.description ?? example.sql, example] as const))('live equals recorded: %s', async (_description, example) => {
    const { findings, notes } = await lintLive(example);
    expect(notes).toEqual([]);
    const expected = recorded(example);
    // The source configured here listens on a port of this run, not the example's host name.
    const source = (message: string) => message.replace(/replicates from [^\s,]+/, 'replicates from <source>');
    expect(findings.map((d) => source(d.message))).toEqual(expected.map((d) => source(d.message)));
  });

  it('reads what the server says, with the names it uses', async () => {
    const scratch = await createScratch(server!, 'settings');
    try {
      await scratch.admin.query("SET GLOBAL binlog_format = 'STATEMENT'");
      await scratch.admin.query('SET GLOBAL auto_increment_increment = 3, GLOBAL auto_increment_offset = 2');
      const { live: connection, session } = await openSession(scratch);
      try {
        const facts = await readServerSettings(session);
        expect(facts.variables).toMatchObject({
          log_bin: 'ON',
          binlog_format: 'STATEMENT',
          innodb_autoinc_lock_mode: '1',
          auto_increment_increment: '3',
          auto_increment_offset: '2',
          log_slave_updates: 'ON',
          read_only: 'OFF',
          wsrep_on: 'OFF',
        });
        // Without a replication monitoring privilege the source cannot be seen: no evidence either way.
        expect(facts.replicationSource.kind).toBe('unreadable');
      } finally {
        await connection.close();
      }
    } finally {
      await restore(scratch);
      await scratch.dispose();
    }
  });

  it('a configured source is read with the privilege', async () => {
    const ring = rule.meta.examples.invalid.find((example) => example.serverSettings?.replicationSource && example.serverSettings.variables?.read_only === 'OFF')!;
    const { findings } = await lintLive(ring);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/^the target replicates from 127\.0\.0\.1:\d+, passes the rows on \(log_slave_updates=ON\) and is writable with auto_increment_increment=1, auto_increment_offset=1/);
    expect(findings[0]!.notes!.join('\n')).toContain('(stopped)');
  });

  it('the premise: STATEMENT logs the INSERT ... SELECT as a statement a replica re-runs, ROW logs its rows', async () => {
    const example = rule.meta.examples.invalid[0]!;
    const scratch = await createScratch(server!, 'settings');
    try {
      await scratch.admin.query(example.history!);
      await scratch.admin.query("INSERT INTO staged_orders VALUES (1, 1.00), (2, 2.00)");
      const eventsOf = async (format: string) => {
        await scratch.admin.query(`SET SESSION binlog_format = '${format}'`);
        const [[before]] = (await scratch.admin.query('SHOW MASTER STATUS')) as unknown as [Array<{ File: string; Position: number }>];
        await scratch.admin.query(example.sql);
        const [events] = (await scratch.admin.query(`SHOW BINLOG EVENTS IN '${before!.File}' FROM ${before!.Position}`)) as unknown as [Array<{ Event_type: string; Info: string }>];
        return events;
      };
      const statement = await eventsOf('STATEMENT');
      expect(statement.some((event) => event.Event_type === 'Query' && event.Info.includes('INSERT INTO orders (customer_id, total) SELECT'))).toBe(true);
      expect(statement.some((event) => /Write_rows/.test(event.Event_type))).toBe(false);
      const row = await eventsOf('ROW');
      expect(row.some((event) => /Write_rows/.test(event.Event_type))).toBe(true);
      expect(row.some((event) => event.Event_type === 'Query' && event.Info.includes('INSERT INTO orders'))).toBe(false);

      // The upsert on two unique keys: the server itself calls it unsafe for statement-based logging.
      const upsert = rule.meta.examples.invalid[2]!;
      await scratch.admin.query(upsert.history!);
      await scratch.admin.query("SET SESSION binlog_format = 'STATEMENT'");
      await scratch.admin.query(upsert.sql);
      const [warnings] = (await scratch.admin.query('SHOW WARNINGS')) as unknown as [Array<{ Code: number }>];
      expect(warnings.map((w) => w.Code)).toContain(1592);
    } finally {
      await scratch.dispose();
    }
  });
});
