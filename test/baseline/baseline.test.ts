/**
 * The baseline: written from today's findings, it hides them later, and a finding whose
 * statement moved to another line stays hidden; new or extra findings come back.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBaseline, BaselineError, createBaseline, readBaseline, serializeBaseline } from '../../src/baseline/baseline.js';
import { lintPaths } from '../../src/run.js';
import addUniqueKey from '../../rules/add-unique-key.js';
import replaceInto from '../../rules/replace-into.js';

/** The rules these tests exercise; other rules that may fire on the same SQL are not run. */
const rules = [addUniqueKey, replaceInto];

let root: string;
const init = 'CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(191), name VARCHAR(50));\n';
const addEmailKey = 'ALTER TABLE users ADD UNIQUE KEY uk_email (email);\n';
const addNameKey = 'ALTER TABLE users ADD UNIQUE KEY uk_name (name);\n';

function write(relative: string, text: string): void {
  const full = path.join(root, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}

async function run() {
  return lintPaths(['db'], { rules }, root);
}

function findings(result: Awaited<ReturnType<typeof run>>): string[] {
  return result.files.flatMap((file) => file.diagnostics.map((d) => `${file.path}:${d.range.start.line} ${d.ruleId}`));
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-baseline-'));
  write('db/001_init.sql', init);
  write('db/002_keys.sql', addEmailKey);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('baseline', () => {
  it('hides today\'s findings, and survives a line shift', async () => {
    const today = await run();
    expect(findings(today)).toEqual(['db/002_keys.sql:1 add-unique-key']);
    const baselineFile = path.join(root, 'uniqlint-baseline.json');
    writeFileSync(baselineFile, serializeBaseline(createBaseline(today, root, root)));
    const baseline = await readBaseline(baselineFile);
    expect(baseline.entries).toEqual([
      { file: 'db/002_keys.sql', ruleId: 'add-unique-key', hash: expect.stringMatching(/^[0-9a-f]{16}$/), count: 1, sample: 'unique key uk_email (email)' },
    ]);
    expect(findings(applyBaseline(today, baseline, root, root).result)).toEqual([]);

    // The statement moves down three lines and is re-indented; a new finding appears above it.
    write('db/002_keys.sql', `-- keys for login\n${addNameKey}\n    ALTER TABLE users\n      ADD UNIQUE KEY   uk_email (email);\n`);
    const later = await run();
    expect(findings(later)).toEqual(['db/002_keys.sql:2 add-unique-key', 'db/002_keys.sql:5 add-unique-key']);
    const outcome = applyBaseline(later, baseline, root, root);
    expect(findings(outcome.result)).toEqual(['db/002_keys.sql:2 add-unique-key']);
    expect(outcome.result.files[1]!.diagnostics[0]!.message).toContain('uk_name');
    expect(outcome.matched).toBe(1);
    expect(outcome.stale).toBe(0);
    expect(outcome.result.summary.warnings).toBe(1);
    expect(outcome.result.files[1]!.suppressed).toHaveLength(1);
  });

  it('counts identical findings: a second copy comes back', async () => {
    const replace = "REPLACE INTO users (id, email) VALUES (1, 'a@example.com');\n";
    write('db/002_keys.sql', replace);
    const baseline = createBaseline(await run(), root, root);
    write('db/002_keys.sql', replace + replace);
    const outcome = applyBaseline(await run(), baseline, root, root);
    expect(findings(outcome.result)).toEqual(['db/002_keys.sql:2 replace-into']);
  });

  it('reports stale entries once the finding is fixed', async () => {
    write('db/002_keys.sql', addEmailKey);
    const baseline = createBaseline(await run(), root, root);
    write('db/002_keys.sql', 'SELECT 1;\n');
    const outcome = applyBaseline(await run(), baseline, root, root);
    expect(outcome.stale).toBe(1);
    expect(outcome.matched).toBe(0);
  });

  it('keys paths relative to the baseline file, whatever the working directory', async () => {
    write('db/002_keys.sql', addEmailKey);
    const fromRoot = createBaseline(await run(), root, path.join(root, 'config'));
    expect(fromRoot.entries[0]!.file).toBe('../db/002_keys.sql');
    const fromDb = await lintPaths(['.'], { rules }, path.join(root, 'db'));
    expect(findings(applyBaseline(fromDb, fromRoot, path.join(root, 'db'), path.join(root, 'config')).result)).toEqual([]);
  });

  it('rejects a damaged baseline file with a clear error', async () => {
    const bad = path.join(root, 'bad.json');
    writeFileSync(bad, '{"version": 2, "entries": []}');
    await expect(readBaseline(bad)).rejects.toThrow(BaselineError);
    await expect(readBaseline(bad)).rejects.toThrow(/not a uniqlint baseline of version 1/);
    writeFileSync(bad, '{"version": 1, "entries": [{"file": "a.sql"}]}');
    await expect(readBaseline(bad)).rejects.toThrow(/entries\[0\]/);
    writeFileSync(bad, 'nope');
    await expect(readBaseline(bad)).rejects.toThrow(/not valid JSON/);
    await expect(readBaseline(path.join(root, 'missing.json'))).rejects.toThrow(/cannot read the baseline/);
  });
});
