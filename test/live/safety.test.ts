/**
 * Live mode must never write: these tests read the server's general query log to see every
 * statement a probe run sends, run as a SELECT-only account, and probe a table whose name is
 * made of backticks, quotes and semicolons.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintPaths } from '../../src/run.js';
import { LiveRun } from '../../src/live/run-live.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeAutoIncrement } from '../../src/live/auto-increment-probe.js';
import { connectLive, parseLiveUrl } from '../../src/live/connection.js';
import { probeUniqueKeys } from '../../src/live/duplicate-probe.js';
import { readBaseSchema } from '../../src/live/schema-source.js';
import { LiveSafetyError, LiveSession, quoteIdentifier } from '../../src/live/session.js';
import { ALLOWED_LIVE_STATEMENTS as ALLOWED, accountHost, accountUrl, createScratch, flavorOf, liveServer, openSession, readGeneralLog, startGeneralLog, uniqueSuffix, type Scratch } from './helpers.js';

const { server, skipReason } = liveServer();


/** Statements of one connection thread in a MariaDB general log (commands with SQL text). */
function statementsOfThread(log: string, threadId: number): { command: string; text: string }[] {
  const entries: { thread: number; command: string; text: string }[] = [];
  for (const line of log.split('\n')) {
    const match = /^(?:\d{6}\s+\d{1,2}:\d{2}:\d{2})?\s+(\d+)\s+(Connect|Query|Prepare|Execute|Close stmt|Quit|Init DB|Field List|Reset stmt|Long Data|Statistics|Ping)\t?(.*)$/.exec(
      line,
    );
    if (match) entries.push({ thread: Number(match[1]), command: match[2]!, text: match[3] ?? '' });
    else if (entries.length > 0) entries[entries.length - 1]!.text += '\n' + line;
  }
  return entries.filter((entry) => entry.thread === threadId).map(({ command, text }) => ({ command, text: text.trim() }));
}

/** The kind of a logged statement, by its leading words. */
function kindOf(text: string): string {
  if (/^SET STATEMENT [^]*? FOR SELECT\s/.test(text)) return 'SET STATEMENT ... FOR SELECT';
  if (/^SET STATEMENT max_statement_time=[\d.]+ FOR EXPLAIN SELECT\s/.test(text)) return 'SET STATEMENT ... FOR EXPLAIN SELECT';
  // MariaDB sends a scratch statement inside SET STATEMENT ... FOR, MySQL on its own.
  const scratch = /^(?:SET STATEMENT [^]*? FOR )?(CREATE TEMPORARY TABLE|INSERT INTO|ALTER TABLE|DROP TEMPORARY TABLE IF EXISTS) `(?:[^`]|``)+`\.`uniqlint_scratch_\d+`/.exec(text);
  if (scratch) return `${scratch[1]} scratch`;
  for (const kind of [
    'START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY',
    'SET TRANSACTION ISOLATION LEVEL READ COMMITTED',
    'SET SESSION',
    'SELECT',
    'SHOW ALL SLAVES STATUS',
    'SHOW',
    'COMMIT',
    'ROLLBACK',
  ]) {
    if (text.startsWith(kind)) return kind;
  }
  return text;
}

describe.skipIf(!server)(`an account without CREATE TEMPORARY TABLES${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let scratch: Scratch;
  beforeAll(async () => {
    scratch = await createScratch(server!, 'uqsel', { selectOnly: true });
    await scratch.admin.query("CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(20) COLLATE utf8mb4_bin, UNIQUE KEY u_s (s)); INSERT INTO t VALUES (1, 'abcd1'), (2, 'abcd2'), (3, 'x')");
  });
  afterAll(async () => {
    await scratch?.dispose();
  });

  it('gets the modelled verdict, said to be modelled, and unknown where the model is inexact', async () => {
    const { live, session } = await openSession(scratch);
    try {
      const varchar = (length: number) => ({ type: { name: 'VARCHAR', length, unsigned: false }, nullable: true, charset: 'utf8mb4', collation: 'utf8mb4_bin' });
      const [strictShorter, nonStrictShorter, unchanged] = [
        await probeUniqueKeys(session, [{ table: { name: 't' }, keyName: 'u', primary: false, parts: [{ column: 's', after: varchar(4) }] }], { strict: true }),
        await probeUniqueKeys(session, [{ table: { name: 't' }, keyName: 'u', primary: false, parts: [{ column: 's', after: varchar(4) }] }], { strict: false }),
        await probeUniqueKeys(session, [{ table: { name: 't' }, keyName: 'u', primary: false, parts: [{ column: 's' }] }]),
      ].map((results) => results[0]!);
      // Strict mode: the modelled truncation error still fails the statement, and says it is modelled.
      expect(strictShorter!.outcome).toBe('other-error');
      expect(strictShorter!.evidence.reason).toMatch(/modelled, not converted by the server: it refused a scratch temporary table .*CREATE TEMPORARY TABLES/);
      // Non-strict: the model's grouping is not the ALTER's assignment, so the verdict is unknown.
      expect(nonStrictShorter!.outcome).toBe('unknown');
      expect(nonStrictShorter!.evidence.reason).toMatch(/duplicate group.*; modelled, not converted by the server/);
      // A key whose values do not change needs no temporary table.
      expect(unchanged!.outcome).toBe('no-duplicates');
      // Literal rows: compared as written, and the verdict says so.
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'uniqlint-modelled-')), 'm.sql');
      writeFileSync(file, "INSERT INTO t (id, s) VALUES (10, 'abcd1');\n");
      const run = await LiveRun.open({ url: scratch.url, env: {} });
      try {
        const finding = (await lintPaths([file], { dialect: flavorOf(server!), live: run })).files.flatMap((f) => f.diagnostics).find((d) => d.ruleId === 'duplicate-key-in-inserted-rows');
        expect(finding?.live?.verdict).toBe('fails');
        expect(finding?.live?.reason).toMatch(/modelled: the server refused a scratch temporary table/);
      } finally {
        await run.close();
      }
      // An account that may read the database learns that a table is missing.
      const [missing] = await probeUniqueKeys(session, [{ table: { name: 'no_such_table' }, keyName: 'u', primary: false, parts: [{ column: 'a', after: varchar(4) }] }]);
      expect(missing!.evidence.reason).toBe('table no_such_table does not exist on the target');
    } finally {
      await live.close();
    }
  });
});

describe.skipIf(!server)(`live mode only reads${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let scratch: Scratch;
  const weirdName = "we`ird'; DROP TABLE victim; -- \"x\"";

  beforeAll(async () => {
    scratch = await createScratch(server!);
    await scratch.admin.query('CREATE TABLE victim (id INT PRIMARY KEY)');
    await scratch.admin.query(
      `CREATE TABLE ${quoteIdentifier(weirdName)} (id INT AUTO_INCREMENT PRIMARY KEY, ${quoteIdentifier('e`mail;')} VARCHAR(40) COLLATE utf8mb4_general_ci)`,
    );
    await scratch.admin.query(`INSERT INTO ${quoteIdentifier(weirdName)} (${quoteIdentifier('e`mail;')}) VALUES ('A'),('a'),('b')`);
    await scratch.admin.query(
      "CREATE TABLE conv (id INT PRIMARY KEY, s VARCHAR(20) COLLATE utf8mb4_bin); INSERT INTO conv VALUES (1, 'abcd1'), (2, 'abcd2');" +
        "CREATE TABLE lit (id INT PRIMARY KEY, s VARCHAR(20) COLLATE utf8mb4_general_ci, UNIQUE KEY u_lit (s)); INSERT INTO lit VALUES (1, 'a'), (2, 'ABCD1');",
    );
  });
  afterAll(async () => {
    await scratch?.dispose();
  });

  it('sends nothing but SELECT, SHOW, SET SESSION, SET STATEMENT ... FOR SELECT, read-only snapshots, COMMIT, ROLLBACK and its own temporary tables', async () => {
    await startGeneralLog(server!, scratch.admin);
    let threadId: number;
    let runThreadId: number;
    try {
      // A whole live run over a file with every kind of check: an ALTER that converts a key
      // column, literal rows, an INSERT ... SELECT, under the file's own sql_mode.
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'uniqlint-safety-')), 'm.sql');
      writeFileSync(
        file,
        "SET SESSION sql_mode = '';\n" +
          'ALTER TABLE conv MODIFY s VARCHAR(4), ADD UNIQUE KEY u_s (s);\n' +
          "INSERT INTO lit (id, s) VALUES (5, 'A'), (6, CONCAT('b', 'c'));\n" +
          'INSERT INTO lit (id, s) SELECT id + 10, s FROM conv;\n' +
          'UPDATE lit SET s = LOWER(s) WHERE id > 100;\n',
      );
      // With the plans asked for, so that the EXPLAIN of the probes is in the log too.
      const run = await LiveRun.open({ url: scratch.url, env: {}, explain: true, concurrency: 1 });
      runThreadId = Number((await run.session.select('SELECT CONNECTION_ID() AS id'))[0]!.id);
      try {
        const result = await lintPaths([file], { dialect: flavorOf(server!), live: run });
        const verdicts = result.files.flatMap((f) => f.diagnostics).filter((d) => d.live).map((d) => `${d.ruleId}: ${d.live!.verdict}`);
        // The INSERT ... SELECT meets 'ABCD1' in the table, but the INSERT before it changes those rows: unknown.
        // The UPDATE is evaluated through a scratch table too, and is unknown for the same reason.
        expect(verdicts.sort()).toEqual(['add-unique-key: fails', 'duplicate-key-in-inserted-rows: fails', 'insert-select-without-dedup: unknown', 'update-unique-key: unknown']);
      } finally {
        await run.close();
      }
      const { live, session } = await openSession(scratch);
      threadId = live.connection.threadId!;
      try {
        const results = await probeUniqueKeys(session, [
          { table: { name: weirdName }, keyName: 'u', primary: false, parts: [{ column: 'e`mail;' }] },
          {
            table: { name: weirdName },
            keyName: 'u2',
            primary: false,
            parts: [{ column: 'e`mail;', prefixLength: 1, after: { type: { name: 'VARCHAR', length: 40, unsigned: false }, nullable: true, charset: 'latin1' } }],
          },
          { table: { name: weirdName }, keyName: 'PRIMARY', primary: true, parts: [{ column: 'id' }] },
          { table: { name: 'no such table' }, keyName: 'x', primary: false, parts: [{ column: 'a' }] },
        ]);
        expect(results.map((r) => r.outcome)).toEqual(['duplicates', 'duplicates', 'no-duplicates', 'unknown']);
        await probeAutoIncrement(session, { name: weirdName });
        await readBaseSchema(session, [{ name: weirdName }, { name: 'victim' }]);
        await expect(probeUniqueKeys(session, [{ table: { name: 'victim' }, keyName: 'u', primary: false, parts: [{ column: 'id' }] }], { timeoutMs: 0.5 })).resolves.toHaveLength(1);
      } finally {
        await live.close();
      }
    } finally {
      await scratch.admin.query('SET GLOBAL general_log = OFF');
    }
    const log = await readGeneralLog(server!, scratch.admin);
    const statements = [...statementsOfThread(log, runThreadId), ...statementsOfThread(log, threadId)];
    const withText = statements.filter((s) => ['Query', 'Prepare', 'Execute'].includes(s.command));
    expect(withText.length).toBeGreaterThan(10);
    const refused = withText.filter((s) => !ALLOWED.some((pattern) => pattern.test(s.text)));
    expect(refused).toEqual([]);
    // Every kind of statement the run sent, by its leading words: exactly the README's list.
    // ROLLBACK may end the snapshot of the probe bounded by 0.5 ms, when its grouping is stopped.
    const kinds = new Set(withText.map((s) => kindOf(s.text)).filter((kind) => kind !== 'ROLLBACK'));
    expect([...kinds].sort()).toEqual(
      [
        'COMMIT',
        'CREATE TEMPORARY TABLE scratch',
        'ALTER TABLE scratch',
        'DROP TEMPORARY TABLE IF EXISTS scratch',
        'INSERT INTO scratch',
        'SELECT',
        'SET SESSION',
        // MariaDB bounds a SELECT (and its EXPLAIN) with SET STATEMENT; MySQL with a MAX_EXECUTION_TIME hint inside the SELECT.
        ...(flavorOf(server!) === 'mariadb' ? ['SET STATEMENT ... FOR SELECT', 'SET STATEMENT ... FOR EXPLAIN SELECT'] : []),
        'SET TRANSACTION ISOLATION LEVEL READ COMMITTED',
        'SHOW',
        'SHOW ALL SLAVES STATUS',
        'START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY',
      ].sort(),
    );
    // The server-settings reads: the variable and status tables, and the replication status.
    expect(withText.some((s) => /SELECT VARIABLE_NAME AS name, VARIABLE_VALUE AS value FROM (information_schema\.GLOBAL_VARIABLES|performance_schema\.global_variables) /.test(s.text))).toBe(true);
    expect(withText.some((s) => /SELECT VARIABLE_NAME AS name, VARIABLE_VALUE AS value FROM (information_schema\.GLOBAL_STATUS|performance_schema\.global_status) /.test(s.text))).toBe(true);
    // Every temporary table created was dropped.
    const scratchName = (text: string): string | undefined => /`(uniqlint_scratch_\d+)`/.exec(text)?.[1];
    const created = withText.filter((s) => kindOf(s.text) === 'CREATE TEMPORARY TABLE scratch').map((s) => scratchName(s.text));
    const droppedTables = withText.filter((s) => kindOf(s.text) === 'DROP TEMPORARY TABLE IF EXISTS scratch').map((s) => scratchName(s.text));
    expect(created.length).toBeGreaterThan(0);
    expect(droppedTables).toHaveLength(created.length);
    expect(new Set(droppedTables)).toEqual(new Set(created));
    const [tables] = (await scratch.admin.query("SHOW TABLES LIKE 'victim'")) as unknown as [unknown[]];
    expect(tables).toHaveLength(1);
  });

  it('reads the base schema of a table with backticks, quotes and semicolons in its name', async () => {
    const { live, session } = await openSession(scratch);
    try {
      const definitions = await readBaseSchema(session, [{ name: weirdName }, { name: 'victim' }, { name: 'missing' }, { name: 'VICTIM' }]);
      expect(definitions.map((d) => d.table.name).sort()).toEqual(['victim', weirdName].sort());
      const weird = definitions.find((d) => d.table.name === weirdName)!;
      expect(weird.createSql).toContain('CREATE TABLE `we``ird\'; DROP TABLE victim; -- "x"`');
      expect(weird.table.schema).toBe(scratch.database);
    } finally {
      await live.close();
    }
  });

  it('refuses to send anything but a single SELECT through the probe API', async () => {
    const { live, session } = await openSession(scratch);
    try {
      await expect(session.select('DELETE FROM victim')).rejects.toBeInstanceOf(LiveSafetyError);
      await expect(session.select(' INSERT INTO victim VALUES (1)')).rejects.toBeInstanceOf(LiveSafetyError);
      await expect(session.select('SELECT 1; DROP TABLE victim')).rejects.toThrow();
      expect(() => quoteIdentifier('')).toThrow(LiveSafetyError);
      expect(() => quoteIdentifier('a\u0000b')).toThrow(LiveSafetyError);
      expect(quoteIdentifier('a`b')).toBe('`a``b`');
    } finally {
      await live.close();
    }
  });

  it('a session is read-only even for an account that may write (ERROR 1792)', async () => {
    const user = `rw_${uniqueSuffix()}`;
    await scratch.admin.query(`CREATE USER ?@? IDENTIFIED BY 'rw-pass'`, [user, accountHost(server!)]);
    await scratch.admin.query(`GRANT ALL ON \`${scratch.database}\`.* TO ?@?`, [user, accountHost(server!)]);
    try {
      const live = await connectLive(parseLiveUrl(accountUrl(server!, user, 'rw-pass', scratch.database), {}));
      try {
        await LiveSession.open(live);
        const error = await live.connection.query('INSERT INTO victim VALUES (42)').catch((e: unknown) => e);
        expect((error as { errno?: number }).errno).toBe(1792);
      } finally {
        await live.close();
      }
    } finally {
      await scratch.admin.query(`DROP USER ?@?`, [user, accountHost(server!)]);
    }
  });

  it('a missing SELECT privilege gives an unknown verdict naming the privilege problem', async () => {
    const user = `narrow_${uniqueSuffix()}`;
    await scratch.admin.query(`CREATE USER ?@? IDENTIFIED BY 'narrow-pass'`, [user, accountHost(server!)]);
    await scratch.admin.query(`GRANT SELECT (id) ON \`${scratch.database}\`.\`victim\` TO ?@?`, [user, accountHost(server!)]);
    await scratch.admin.query(`GRANT SELECT ON \`${scratch.database}\`.${quoteIdentifier(weirdName)} TO ?@?`, [user, accountHost(server!)]);
    try {
      const live = await connectLive(parseLiveUrl(accountUrl(server!, user, 'narrow-pass', scratch.database), {}));
      try {
        const session = await LiveSession.open(live);
        await scratch.admin.query('CREATE TABLE hidden (a INT)');
        const [hidden, allowed] = await probeUniqueKeys(session, [
          { table: { name: 'hidden' }, keyName: 'u', primary: false, parts: [{ column: 'a' }] },
          { table: { name: weirdName }, keyName: 'u', primary: false, parts: [{ column: 'e`mail;' }] },
        ]);
        // information_schema hides tables the account cannot see: the probe says so instead of guessing.
        expect(hidden!.outcome).toBe('unknown');
        expect(hidden!.evidence.reason).toMatch(/^table hidden is not readable by this account/);
        expect(allowed!.outcome).toBe('duplicates');
        // Without privileges on a table the server does not say whether it exists: still "not readable".
        const [missing] = await probeUniqueKeys(session, [{ table: { name: 'no_such_table' }, keyName: 'u', primary: false, parts: [{ column: 'a' }] }]);
        expect(missing!.evidence.reason).toMatch(/^table no_such_table is not readable by this account/);
      } finally {
        await live.close();
      }
    } finally {
      await scratch.admin.query(`DROP USER ?@?`, [user, accountHost(server!)]);
    }
  });
});
