/**
 * Base schema outside the migrations folder: files or folders named by `baseSchema` (or
 * `--base-schema`) are replayed as history before the migrations of every folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintPaths } from '../../src/run.js';
import { MissingPathError } from '../../src/source/discover.js';
import { ensureBuilt, runCli } from '../report/run-cli.js';

let project: string;

beforeAll(() => {
  ensureBuilt();
  project = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-base-schema-'));
  mkdirSync(path.join(project, 'install', 'parts'), { recursive: true });
  mkdirSync(path.join(project, 'updates'), { recursive: true });
  writeFileSync(path.join(project, 'install', 'parts', '01_tables.sql'), 'CREATE TABLE auth (id INT NOT NULL, note TEXT, UNIQUE KEY idx_auth_id (id));\n');
  writeFileSync(path.join(project, 'install', 'parts', '02_more.sql'), 'CREATE TABLE config (config_key VARCHAR(64) NOT NULL, UNIQUE KEY uk_key (config_key));\n');
  writeFileSync(path.join(project, 'install', 'schema.sql'), 'CREATE TABLE auth (id INT NOT NULL, note TEXT, UNIQUE KEY idx_auth_id (id));\n');
  // Covered by the install schema's unique key on id: cannot fail once that key is known.
  writeFileSync(path.join(project, 'updates', 'update_1.sql'), 'ALTER TABLE auth ADD PRIMARY KEY (id);\n');
  // Narrows a column inside the install schema's unique key: only found once the key is known.
  writeFileSync(path.join(project, 'updates', 'update_2.sql'), 'ALTER TABLE config MODIFY config_key VARCHAR(8) NOT NULL;\n');
  writeFileSync(path.join(project, '.uniqlintrc.json'), JSON.stringify({ baseSchema: ['install/parts'] }));
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

async function keyFindings(options: Parameters<typeof lintPaths>[1]): Promise<string[]> {
  const result = await lintPaths(['updates'], options, project);
  return result.files.flatMap((file) => file.diagnostics.filter((d) => d.ruleId === 'add-unique-key').map(() => path.basename(file.path)));
}

describe('base schema', () => {
  it('without it, the key the install schema defines is unknown: a false alarm and a miss', async () => {
    expect(await keyFindings({})).toEqual(['update_1.sql']);
  });

  it('replays files and folders (in natural order) as history before the migrations', async () => {
    expect(await keyFindings({ baseSchema: [path.join(project, 'install', 'parts')] })).toEqual(['update_2.sql']);
    expect(await keyFindings({ baseSchema: [path.join(project, 'install', 'schema.sql')] })).toEqual([]);
  });

  it('names a missing path', async () => {
    await expect(lintPaths(['updates'], { baseSchema: [path.join(project, 'nope.sql')] }, project)).rejects.toBeInstanceOf(MissingPathError);
  });

  it('comes from the configuration, and --base-schema overrides it', async () => {
    const fromConfig = JSON.parse((await runCli(['updates', '-f', 'json'], project)).stdout);
    const flagged = (document: { files: { path: string; diagnostics: { ruleId: string }[] }[] }) =>
      document.files.filter((file) => file.diagnostics.some((d) => d.ruleId === 'add-unique-key')).map((file) => path.basename(file.path));
    expect(flagged(fromConfig)).toEqual(['update_2.sql']);
    const fromFlag = JSON.parse((await runCli(['updates', '-f', 'json', '--base-schema', 'install/schema.sql'], project)).stdout);
    expect(flagged(fromFlag)).toEqual([]);
  });
});
