/**
 * Property test of the server-side conversion: random type, length, precision, member-list,
 * charset and collation changes of a key column, over random rows, in strict and non-strict
 * sql_mode. The live verdict for `ALTER TABLE t MODIFY c <new definition>, ADD UNIQUE (c)` must
 * equal what the ALTER really does on an identical copy of the table, and unknown verdicts must
 * stay rare and say why.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintPaths } from '../../src/run.js';
import { LiveRun } from '../../src/live/run-live.js';
import { probeUniqueKey, type ProbeColumnDefinition } from '../../src/live/duplicate-probe.js';
import type { LiveConnection } from '../../src/live/connection.js';
import type { LiveSession } from '../../src/live/session.js';
import type { DataType } from '../../src/statement.js';
import { createScratch, flavorOf, liveServer, openSession, runOnCopy, uniqueSuffix, type Scratch } from './helpers.js';

const { server, skipReason } = liveServer();
const MARIADB = !server || flavorOf(server) === 'mariadb';

/** A column type as SQL text and as the schema model would give it. */
interface ColumnType {
  sql: string;
  type: DataType;
  charset?: string;
  collation?: string;
  family: 'integer' | 'decimal' | 'float' | 'text' | 'binary' | 'temporal' | 'enum';
}

function t(sql: string, type: DataType, family: ColumnType['family'], charset?: string, collation?: string): ColumnType {
  const column: ColumnType = { sql, type, family };
  if (charset) column.charset = charset;
  if (collation) column.collation = collation;
  return column;
}

const text = (name: 'VARCHAR' | 'CHAR' | 'TINYTEXT', length: number | undefined, charset: string, collation: string): ColumnType =>
  t(
    `${name}${length !== undefined ? `(${length})` : ''} CHARACTER SET ${charset} COLLATE ${collation}`,
    { name, ...(length !== undefined ? { length } : {}), unsigned: false },
    'text',
    charset,
    collation,
  );

/** Types a column may start with. */
const SOURCE_TYPES: ColumnType[] = [
  t('INT', { name: 'INT', unsigned: false }, 'integer'),
  t('DECIMAL(6,2)', { name: 'DECIMAL', length: 6, scale: 2, unsigned: false }, 'decimal'),
  t('DOUBLE', { name: 'DOUBLE', unsigned: false }, 'float'),
  text('VARCHAR', 8, 'utf8mb4', 'utf8mb4_bin'),
  text('VARCHAR', 8, 'utf8mb4', 'utf8mb4_general_ci'),
  text('VARCHAR', 8, 'latin1', 'latin1_bin'),
  t('VARBINARY(8)', { name: 'VARBINARY', length: 8, unsigned: false }, 'binary'),
  t('DATETIME(3)', { name: 'DATETIME', length: 3, unsigned: false }, 'temporal'),
  t('TIME(2)', { name: 'TIME', length: 2, unsigned: false }, 'temporal'),
  t("ENUM('a','b','c','A') CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", { name: 'ENUM', values: ['a', 'b', 'c', 'A'], unsigned: false }, 'enum', 'utf8mb4', 'utf8mb4_bin'),
];

/** Types a column may be changed to. */
const TARGET_TYPES: ColumnType[] = [
  t('TINYINT', { name: 'TINYINT', unsigned: false }, 'integer'),
  t('SMALLINT UNSIGNED', { name: 'SMALLINT', unsigned: true }, 'integer'),
  t('BIGINT', { name: 'BIGINT', unsigned: false }, 'integer'),
  t('DECIMAL(4,1)', { name: 'DECIMAL', length: 4, scale: 1, unsigned: false }, 'decimal'),
  t('DECIMAL(6,0)', { name: 'DECIMAL', length: 6, scale: 0, unsigned: false }, 'decimal'),
  t('FLOAT', { name: 'FLOAT', unsigned: false }, 'float'),
  text('VARCHAR', 3, 'utf8mb4', 'utf8mb4_general_ci'),
  text('VARCHAR', 8, 'utf8mb4', 'utf8mb4_unicode_ci'),
  text('VARCHAR', 8, 'latin1', 'latin1_swedish_ci'),
  // NO PAD and UCA-based collations: MariaDB's own names (uca1400 since 10.10), MySQL 8's 0900 family.
  ...(MARIADB
    ? [text('VARCHAR', 8, 'utf8mb4', 'utf8mb4_general_nopad_ci'), text('VARCHAR', 8, 'utf8mb4', 'uca1400_ai_ci')]
    : [text('VARCHAR', 8, 'utf8mb4', 'utf8mb4_0900_bin'), text('VARCHAR', 8, 'utf8mb4', 'utf8mb4_0900_ai_ci')]),
  text('CHAR', 2, 'utf8mb4', 'utf8mb4_bin'),
  text('TINYTEXT', undefined, 'utf8mb4', 'utf8mb4_general_ci'),
  t('BINARY(4)', { name: 'BINARY', length: 4, unsigned: false }, 'binary'),
  t('VARBINARY(2)', { name: 'VARBINARY', length: 2, unsigned: false }, 'binary'),
  t('DATETIME', { name: 'DATETIME', unsigned: false }, 'temporal'),
  t('DATETIME(1)', { name: 'DATETIME', length: 1, unsigned: false }, 'temporal'),
  t('TIME', { name: 'TIME', unsigned: false }, 'temporal'),
  t('DATE', { name: 'DATE', unsigned: false }, 'temporal'),
  t("ENUM('a','b') CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", { name: 'ENUM', values: ['a', 'b'], unsigned: false }, 'enum', 'utf8mb4', 'utf8mb4_bin'),
  t("ENUM('a','b','c') CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci", { name: 'ENUM', values: ['a', 'b', 'c'], unsigned: false }, 'enum', 'utf8mb4', 'utf8mb4_general_ci'),
  t("SET('a','b','c') CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", { name: 'SET', values: ['a', 'b', 'c'], unsigned: false }, 'enum', 'utf8mb4', 'utf8mb4_bin'),
];

/** Literal values (SQL text) a row may hold; inserted with sql_mode='' so each becomes what the source type stores. */
const VALUES: Record<ColumnType['family'], string[]> = {
  integer: ['0', '1', '2', '127', '128', '200', '300', '-1', '65535', '70000'],
  decimal: ['1.21', '1.24', '1.25', '1.26', '0', '-0.5', '99.99', '1000.5', '12.3'],
  float: ['0.1', '0.1000000001', '1e10', '-0', '0', '2.5', '3.5', '1.5'],
  text: ["'a'", "'A'", "'a '", "'ab'", "'abcd'", "'abce'", "'ß'", "'ss'", "'é'", "'e'", "'😀'", "'😃'", "'1'", "'01'", "''"],
  binary: ["'a'", "'A'", "'ab'", "'abc'", "'abd'", "x'00'", "x'0000'", "''", "'1'"],
  temporal: ["'2024-01-01 10:00:00.400'", "'2024-01-01 10:00:00.600'", "'2024-01-01 10:00:00'", "'10:00:00.25'", "'10:00:00.75'", "'2024-01-01 11:00:00'"],
  enum: ["'a'", "'b'", "'c'", "'A'", "''"],
};

const scenario = fc
  .record({
    source: fc.constantFrom(...SOURCE_TYPES),
    target: fc.constantFrom(...TARGET_TYPES),
    strict: fc.boolean(),
    primary: fc.boolean(),
    pick: fc.array(fc.tuple(fc.nat(20), fc.boolean()), { minLength: 0, maxLength: 6 }),
  })
  .map(({ source, target, strict, primary, pick }) => {
    // Rows mostly use the source family's values, sometimes another family's (a text column holding digits...).
    const rows = pick.map(([index, foreign]) => {
      const pool = foreign ? VALUES[target.family] : VALUES[source.family];
      return index === 20 ? 'NULL' : pool[index % pool.length]!;
    });
    return { source, target, strict, primary, rows };
  });

describe.skipIf(!server)(`server-side conversion property${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let scratch: Scratch;
  let live: LiveConnection;
  let session: LiveSession;
  beforeAll(async () => {
    scratch = await createScratch(server!, 'uqconv');
    ({ live, session } = await openSession(scratch));
  });
  afterAll(async () => {
    await live?.close();
    await scratch?.dispose();
  });

  it('agrees with the real ALTER for 300 random type, precision, charset, collation and member changes', async () => {
    const counted = { duplicates: 0, 'no-duplicates': 0, 'other-error': 0, unknown: 0 };
    const unknownReasons: string[] = [];
    const runs = 300;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ source, target, strict, primary, rows }) => {
        const mode = strict ? 'STRICT_TRANS_TABLES' : '';
        await scratch.admin.query('DROP TABLE IF EXISTS t');
        await scratch.admin.query(`CREATE TABLE t (c ${source.sql} NULL) ENGINE=InnoDB`);
        await scratch.admin.query("SET SESSION sql_mode = ''");
        if (rows.length > 0) await scratch.admin.query(`INSERT INTO t VALUES ${rows.map((value) => `(${value})`).join(', ')}`);
        const after: ProbeColumnDefinition = { type: target.type, nullable: !primary };
        if (target.charset) after.charset = target.charset;
        if (target.collation) after.collation = target.collation;
        const result = await probeUniqueKey(
          session,
          { table: { name: 't' }, keyName: primary ? 'PRIMARY' : 'k', primary, parts: [{ column: 'c', after }] },
          { sqlMode: mode },
        );
        await scratch.admin.query(`SET SESSION sql_mode = '${mode}'`);
        const addKey = primary ? 'ADD PRIMARY KEY (c)' : 'ADD UNIQUE KEY k (c)';
        const statement = `MODIFY c ${target.sql} ${primary ? 'NOT NULL' : 'NULL'}, ${addKey}`;
        const actual = await runOnCopy(scratch.admin, 't', (copy) => `ALTER TABLE ${copy} ${statement}`);
        await scratch.admin.query("SET SESSION sql_mode = ''");
        counted[result.outcome] += 1;
        if (result.outcome === 'unknown') {
          unknownReasons.push(result.evidence.reason ?? '');
          return;
        }
        expect(
          { predicted: result.outcome, reason: result.evidence.reason, actual },
          `${source.sql} -> ALTER TABLE t ${statement} over [${rows.join(', ')}] in sql_mode '${mode}'`,
        ).toMatchObject({ predicted: actual.outcome });
        // A failure other than 1062 is the ALTER's own error number.
        if (actual.outcome === 'other-error') expect(result.otherError?.errno, `${statement} over [${rows.join(', ')}]`).toBe(actual.errno);
      }),
      { numRuns: runs },
    );
    console.info(`conversion probe/ALTER agreement over ${runs} runs: ${JSON.stringify(counted)}; unknown: ${JSON.stringify(unknownReasons.slice(0, 5))}`);
    // Unknown stays rare, and each says why.
    expect(counted.unknown).toBeLessThan(runs * 0.05);
    for (const reason of unknownReasons) expect(reason).not.toBe('');
    // The generator must reach every verdict, or the property proves little.
    expect(counted.duplicates).toBeGreaterThan(20);
    expect(counted['no-duplicates']).toBeGreaterThan(20);
    expect(counted['other-error']).toBeGreaterThan(20);
  }, 300_000);

  it('agrees with the real INSERT for 120 random literal rows into a unique key', async () => {
    const workDir = mkdtempSync(path.join(tmpdir(), 'uniqlint-literal-rows-'));
    const literal: Record<ColumnType['family'], string[]> = {
      ...VALUES,
      integer: [...VALUES.integer, '1.6', '1.4', "'2'", "'2x'", '2e0'],
      text: [...VALUES.text, "CONCAT('a', 'b')", '0x6162', "LOWER('A')", "'abcdefghij'"],
      binary: [...VALUES.binary, '0x61', "CONCAT('a', 'b')"],
    };
    const rowsScenario = fc.record({
      column: fc.constantFrom(...TARGET_TYPES.filter((type) => type.type.name !== 'TINYTEXT')),
      strict: fc.boolean(),
      existing: fc.array(fc.nat(30), { minLength: 0, maxLength: 3 }),
      inserted: fc.array(fc.nat(30), { minLength: 1, maxLength: 3 }),
    });
    const counted = { fails: 0, passes: 0, unknown: 0 };
    const unknownReasons: string[] = [];
    const runs = 120;
    try {
      await fc.assert(
        fc.asyncProperty(rowsScenario, async ({ column, strict, existing, inserted }) => {
          const pool = literal[column.family];
          const mode = strict ? 'STRICT_TRANS_TABLES' : '';
          await scratch.admin.query('DROP TABLE IF EXISTS t');
          await scratch.admin.query(`CREATE TABLE t (id INT PRIMARY KEY, c ${column.sql} NULL, UNIQUE KEY u_c (c)) ENGINE=InnoDB`);
          await scratch.admin.query("SET SESSION sql_mode = ''");
          // Existing rows that the unique key accepts (INSERT IGNORE skips the ones it would not).
          if (existing.length > 0) {
            await scratch.admin.query(`INSERT IGNORE INTO t VALUES ${existing.map((pick, i) => `(${i + 1}, ${pool[pick % pool.length]})`).join(', ')}`);
          }
          const statement = `INSERT INTO t (id, c) VALUES ${inserted.map((pick, i) => `(${100 + i}, ${pool[pick % pool.length]})`).join(', ')};`;
          const text = `SET SESSION sql_mode = '${mode}';\n${statement}\n`;
          const file = path.join(workDir, `m_${uniqueSuffix()}.sql`);
          writeFileSync(file, text);
          const run = await LiveRun.open({ url: scratch.url, env: {} });
          let verdict: 'fails' | 'passes' | 'unknown' = 'passes';
          let reasons: string[] = [];
          try {
            const result = await lintPaths([file], { dialect: MARIADB ? 'mariadb' : 'mysql', live: run });
            const live = result.files.flatMap((f) => f.diagnostics).filter((d) => d.live);
            reasons = live.map((d) => `${d.ruleId}: ${d.live!.verdict}: ${d.live!.reason ?? ''}`);
            if (live.some((d) => d.live!.verdict === 'fails')) verdict = 'fails';
            else if (live.some((d) => d.live!.verdict === 'unknown')) verdict = 'unknown';
          } finally {
            await run.close();
          }
          await scratch.admin.query('START TRANSACTION');
          const actual = await scratch.admin.query(text).then(
            () => 'passes' as const,
            (error: { errno?: number }) => (error.errno !== undefined ? ('fails' as const) : Promise.reject(error)),
          );
          await scratch.admin.query('ROLLBACK');
          await scratch.admin.query("SET SESSION sql_mode = ''");
          counted[verdict] += 1;
          if (verdict === 'unknown') {
            unknownReasons.push(reasons.join('; '));
            return;
          }
          expect({ verdict, reasons }, `${column.sql}: ${statement} in sql_mode '${mode}'`).toMatchObject({ verdict: actual });
        }),
        { numRuns: runs },
      );
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
    console.info(`literal rows live/INSERT agreement over ${runs} runs: ${JSON.stringify(counted)}; unknown: ${JSON.stringify(unknownReasons.slice(0, 5))}`);
    expect(counted.unknown).toBeLessThan(runs * 0.05);
    expect(counted.fails).toBeGreaterThan(20);
    expect(counted.passes).toBeGreaterThan(10);
  }, 300_000);
});
