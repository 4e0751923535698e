/**
 * The harness of the differential tests: each case's `setup` fills a fresh database, its
 * `migration` is linted with a live run (as `uniqlint --live` does), and then the migration really
 * runs on that database (the lint wrote nothing, so it is an identical copy). The live verdicts
 * must agree with what happened: a statement that fails has a diagnostic whose verdict is
 * `fails`, a migration that succeeds has none. Every case runs in strict and in non-strict
 * sql_mode, set by the file itself (`SET SESSION sql_mode`), so the file's session is under test
 * too. The lint reads the file in the dialect of the server under test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostic.js';
import { lintPaths } from '../../src/run.js';
import { LiveRun, type LiveRunOptions } from '../../src/live/run-live.js';
import { SAMPLE_LIMIT } from '../../src/live/probe-query.js';
import { accountHost, createScratch, flavorOf, liveServer, uniqueSuffix } from './helpers.js';

export interface DifferentialCase {
  name: string;
  /** Runs as root in the fresh database before the lint. */
  setup: string;
  /** The migration (after the file's own `SET SESSION sql_mode`). */
  migration: string;
  /** When the verdict may be unknown instead of agreeing, the reason it must give. */
  unknownReason?: RegExp;
  /**
   * Set for a case built on a MariaDB-only feature (uca1400 collations, Aria, system versioning,
   * `seq_1_to_N` tables...): the feature it needs. Such a case has no MySQL counterpart and runs
   * only against MariaDB.
   */
  mariadbOnly?: string;
  /**
   * Privileges granted to the linting account on the scratch database on top of SELECT and
   * CREATE TEMPORARY TABLES (`TRIGGER`, for a case whose table has triggers the check must see).
   */
  grants?: string;
  /** How the probe must read the key: through an existing index, or by sorting. */
  reads?: 'index' | 'sort';
}

/** Strict sql_mode per flavour (NO_AUTO_CREATE_USER is gone from MySQL 8.0: ERROR 1231 there). */
const STRICT = {
  mariadb: 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION',
  mysql: 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION',
} as const;

/** The verdict the live diagnostics give the file: fails, passes or unknown, with the reasons. */
export function liveVerdict(diagnostics: Diagnostic[]): { verdict: 'fails' | 'passes' | 'unknown'; reasons: string[] } {
  const live = diagnostics.filter((d) => d.live);
  const reasons = live.map((d) => `${d.ruleId}: ${d.live!.verdict}: ${d.live!.reason ?? ''}`);
  if (live.some((d) => d.live!.verdict === 'fails')) return { verdict: 'fails', reasons };
  if (live.some((d) => d.live!.verdict === 'unknown')) return { verdict: 'unknown', reasons };
  return { verdict: 'passes', reasons };
}

/** What a live run of `file` predicts, with the probe reading keys as `probe` says. */
async function lintLive(url: string, file: string, dialect: 'mysql' | 'mariadb', probe: LiveRunOptions['probe'] = {}): Promise<Diagnostic[]> {
  const live = await LiveRun.open({ url, env: {}, probe });
  try {
    const result = await lintPaths([file], { dialect, live });
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

/**
 * Registers one test per case and sql_mode under `title`. With `compareReadPaths`, each case is
 * linted a second time with the index path off and the rows not counted, and both runs must give
 * the same findings (a lower bound where the index path stopped early). With `fileDatabaseCase`, also the test
 * of a file's own `USE db`.
 */
export function describeDifferentialCases(title: string, cases: DifferentialCase[], options: { fileDatabaseCase?: boolean; compareReadPaths?: boolean } = {}): void {
  const { server, skipReason } = liveServer();
  const flavor = server ? flavorOf(server) : 'mariadb';
  describe.skipIf(!server)(`${title}${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
    let workDir: string;
    beforeAll(() => {
      workDir = mkdtempSync(path.join(tmpdir(), 'uniqlint-differential-'));
    });
    afterAll(() => {
      rmSync(workDir, { recursive: true, force: true });
    });

    // A MariaDB-only case has no MySQL counterpart: against MySQL it is not registered at all.
    const runnable = cases.filter((testCase) => flavor === 'mariadb' || testCase.mariadbOnly === undefined);
    const matrix = runnable.flatMap((testCase) => [
      { ...testCase, mode: 'strict', sqlMode: STRICT[flavor] },
      { ...testCase, mode: 'non-strict', sqlMode: '' },
    ]);
    const label = (entry: (typeof matrix)[number]): string => `${entry.name}${entry.mariadbOnly ? ` [MariaDB only: ${entry.mariadbOnly}]` : ''} (${entry.mode})`;

    it.each(matrix.map((entry) => [label(entry), entry] as const))('%s', async (_name, testCase) => {
      const scratch = await createScratch(server!, 'diff');
      try {
        await scratch.admin.query(testCase.setup);
        if (testCase.grants) await scratch.admin.query(`GRANT ${testCase.grants} ON \`${scratch.database}\`.* TO ?@?`, [scratch.user, accountHost(server!)]);
        const file = path.join(workDir, `m_${uniqueSuffix()}.sql`);
        const text = `SET SESSION sql_mode = '${testCase.sqlMode}';\n${testCase.migration}\n`;
        writeFileSync(file, text);
        const diagnostics = await lintLive(scratch.url, file, flavor);
        const predicted = liveVerdict(diagnostics);
        if (testCase.reads === 'index') expect(predicted.reasons.join('\n')).toMatch(/read in the order of the index `i_/);
        if (testCase.reads === 'sort') expect(predicted.reasons.join('\n')).toMatch(/the probe sorts the (converted )?rows/);
        if (options.compareReadPaths) {
          // The sort path, reading the table once (rows not counted), must give the same findings.
          const sorted = await lintLive(scratch.url, file, flavor, { indexPath: false, countRowsBelow: 0 });
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
        }
        const actual = await scratch.admin.query(text).then(
          () => ({ verdict: 'passes' as const }),
          (error: { errno?: number; message?: string }) => ({ verdict: 'fails' as const, errno: error.errno, message: error.message }),
        );
        if (process.env.UNIQLINT_DEBUG_DIFF) console.log(JSON.stringify({ name: testCase.name, mode: testCase.mode, predicted, actual }));
        if (predicted.verdict === 'unknown' && testCase.unknownReason) {
          expect(predicted.reasons.join('\n')).toMatch(testCase.unknownReason);
          return;
        }
        expect({ predicted: predicted.verdict, reasons: predicted.reasons, actual }).toMatchObject({ predicted: actual.verdict });
      } finally {
        // A dump's LOCK TABLES outlives a failed statement; the database cannot be dropped under it.
        await scratch.admin.query('UNLOCK TABLES');
        await scratch.dispose();
      }
    });

    if (!options.fileDatabaseCase) return;
    it("the file's USE db: later statements act on that database's tables", async () => {
      const scratch = await createScratch(server!, 'diffuse');
      const other = `${scratch.database}_b`;
      try {
        await scratch.admin.query('CREATE TABLE t (id INT PRIMARY KEY, a INT); INSERT INTO t VALUES (1, 1), (2, 2);');
        await scratch.admin.query(`CREATE DATABASE \`${other}\``);
        await scratch.admin.query(`GRANT SELECT, CREATE TEMPORARY TABLES ON \`${other}\`.* TO ?@?`, [scratch.user, accountHost(server!)]);
        await scratch.admin.query(`CREATE TABLE \`${other}\`.t (id INT PRIMARY KEY, a INT); INSERT INTO \`${other}\`.t VALUES (1, 7), (2, 7);`);
        const file = path.join(workDir, `m_${uniqueSuffix()}.sql`);
        const text = `USE \`${other}\`;\nALTER TABLE t MODIFY a BIGINT, ADD UNIQUE KEY u_a (a);\n`;
        writeFileSync(file, text);
        const live = await LiveRun.open({ url: scratch.url, env: {} });
        let diagnostics: Diagnostic[];
        try {
          diagnostics = (await lintPaths([file], { dialect: flavor, live })).files.flatMap((f) => f.diagnostics);
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
}
