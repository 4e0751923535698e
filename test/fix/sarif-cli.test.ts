/**
 * Suggested fixes in SARIF (`fixes` with artifact changes, valid against the SARIF 2.1.0 schema)
 * and `--fix` through the built command line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04Module from 'ajv-draft-04';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { lintText } from '../../src/engine/lint.js';
import { formatSarif } from '../../src/report/sarif.js';
import { summarize } from '../../src/report/result.js';
import { ensureShippedCli, shippedCli } from '../support/shipped-cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null };
const AjvDraft04 = (AjvDraft04Module as unknown as { default: new (options: object) => { compile(schema: object): Validator } }).default;

describe('SARIF fixes', () => {
  it('carry each suggested fix as one replacement of its region', () => {
    const sql = "SELECT 1;\nINSERT INTO s (k, v) VALUES ('a', 1)\n  ON DUPLICATE KEY UPDATE v = VALUES(v);\n";
    const file = lintText(sql, { filePath: 'db/V2__upsert.sql' });
    const log = JSON.parse(formatSarif({ files: [file], summary: summarize([file]) }, { rules: allRules.map((rule) => rule.meta), toolVersion: '0.0.0' }));
    const result = log.runs[0].results.find((entry: { ruleId: string }) => entry.ruleId === 'upsert-values-function');
    const fixOffset = sql.indexOf(')\n') + 1;
    expect(result.fixes).toEqual([
      {
        description: { text: expect.stringContaining('Name the new row new') },
        artifactChanges: [
          {
            artifactLocation: { uri: 'db/V2__upsert.sql' },
            replacements: [
              {
                deletedRegion: { startLine: 2, startColumn: 37, endLine: 3, endColumn: 40, charOffset: fixOffset, charLength: sql.indexOf(';\n', fixOffset) - fixOffset },
                insertedContent: { text: ' AS new\n  ON DUPLICATE KEY UPDATE v = new.v' },
              },
            ],
          },
        ],
      },
    ]);
    const schema = JSON.parse(readFileSync(path.join(root, 'test', 'report', 'sarif-2.1.0-rtm.5.schema.json'), 'utf8'));
    const validate = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
    validate(log);
    expect(validate.errors ?? []).toEqual([]);
  });
});

describe('--fix', () => {
  const cli = shippedCli;
  let scratch: string;
  beforeAll(() => {
    ensureShippedCli();
    scratch = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-fix-cli-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('writes the safe fixes, reports what is left, and refuses stdin', () => {
    const file = path.join(scratch, 'V1__init.sql');
    writeFileSync(
      file,
      'CREATE TABLE orders (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, code VARCHAR(8));\n' +
        "INSERT INTO orders (id, code) VALUES (1, 'a') ON DUPLICATE KEY UPDATE code = VALUES(code);\n",
    );
    const run = spawnSync(process.execPath, [cli, 'lint', scratch, '--fix', '--format', 'json'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(run.stderr).toBe('uniqlint: applied 2 fixes in 1 file\n');
    expect(readFileSync(file, 'utf8')).toBe(
      'CREATE TABLE orders (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, code VARCHAR(8));\n' +
        "INSERT INTO orders (id, code) VALUES (1, 'a') AS new ON DUPLICATE KEY UPDATE code = new.code;\n",
    );
    const remaining = JSON.parse(run.stdout).files[0].diagnostics.map((diagnostic: { ruleId: string }) => diagnostic.ruleId);
    expect(remaining).not.toContain('upsert-values-function');
    expect(remaining).not.toContain('int-auto-increment');
    expect(run.status).toBe(0);

    const stdin = spawnSync(process.execPath, [cli, 'lint', '-', '--fix'], { cwd: root, encoding: 'utf8', input: 'SELECT 1;' });
    expect(stdin.status).toBe(2);
    expect(stdin.stderr).toContain('--fix rewrites files in place');
  });
});
