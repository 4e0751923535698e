/**
 * SARIF from any folder of a repository: artifact URIs are relative to the repository root with
 * `uriBaseId: "%SRCROOT%"`, the root is given in `originalUriBaseIds`, and the fingerprint is
 * uniqlint's own key, never GitHub's `primaryLocationLineHash`.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './run-cli.js';
import { git } from '../support/processes.js';

let repo: string;

beforeAll(async () => {
  ensureBuilt();
  repo = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'uniqlint-sarif-root-')));
  mkdirSync(path.join(repo, 'services', 'billing', 'db', 'migrations'), { recursive: true });
  writeFileSync(path.join(repo, 'services', 'billing', 'db', 'migrations', '001 init.sql'), 'CREATE TABLE t (id BIGINT PRIMARY KEY, a INT);\nREPLACE INTO t VALUES (1, 2);\n');
  await git(repo, ['init', '-q', '-b', 'main']);
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('SARIF artifact locations', () => {
  const expectedUri = 'services/billing/db/migrations/001%20init.sql';
  for (const [where, cwd, input] of [
    ['the repository root', '', 'services/billing/db/migrations'],
    ['a service folder', 'services/billing', 'db/migrations'],
    ['the migrations folder', 'services/billing/db/migrations', '.'],
  ] as const) {
    it(`are relative to the repository root when run from ${where}`, async () => {
      const run = await runCli([input, '-f', 'sarif'], path.join(repo, cwd));
      expect(run.code, run.stderr).toBe(0);
      const log = JSON.parse(run.stdout);
      expect(log.runs[0].originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `${pathToFileURL(repo).href}/` } });
      const results = log.runs[0].results;
      expect(results.length).toBeGreaterThan(0);
      for (const result of results) {
        expect(result.locations[0].physicalLocation.artifactLocation).toEqual({ uri: expectedUri, uriBaseId: '%SRCROOT%' });
        expect(Object.keys(result.partialFingerprints)).toEqual(['uniqlint/findingHash/v1']);
      }
    });
  }
});
