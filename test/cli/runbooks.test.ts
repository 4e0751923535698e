/**
 * Runbooks through the shipped CLI: shell scripts and Markdown files are linted only when named
 * (a file, or a glob that names their extension), never by a folder search, and take the schema
 * from --base-schema.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../report/run-cli.js';
import { shippedCli } from '../support/shipped-cli.js';
import { runProcess } from '../support/processes.js';
import { planMigrationSets } from '../../src/source/discover.js';

let root: string;

async function run(args: string[]) {
  const result = await runProcess(process.execPath, [shippedCli, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '' }, timeoutMs: 120_000 });
  return { code: result.code, stdout: result.stdout, stderr: result.stderr };
}

function write(relative: string, text: string): void {
  const full = path.join(root, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}

beforeAll(() => {
  ensureBuilt();
  root = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-runbooks-'));
  write('migrations/001_users.sql', 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255), tenant_id INT NOT NULL);\n');
  write('migrations/add-unique.sh', '#!/bin/sh\ngh-ost --database=app --table=users \\\n  --alter="ADD UNIQUE KEY uk_email (email)" \\\n  --execute\n');
  write('docs/RUNBOOK.md', '# Orders\n\n```bash\npt-online-schema-change --no-check-unique-key-change --alter "ADD UNIQUE KEY uk_email (email)" D=app,t=users --execute\n```\n');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('planning runbooks', () => {
  it('a folder is searched for .sql files only; a named runbook is a set of its own, without sibling history', async () => {
    const folder = await planMigrationSets(['migrations'], root);
    expect(folder.flatMap((plan) => plan.files.map((file) => file.displayPath))).toEqual(['migrations/001_users.sql']);
    const named = await planMigrationSets(['migrations/add-unique.sh'], root);
    expect(named.map((plan) => plan.files.map((file) => [file.displayPath, file.role]))).toEqual([[['migrations/add-unique.sh', 'lint']]]);
  });

  it('a glob picks up runbooks only when it names their extension', async () => {
    const any = await planMigrationSets(['**/*'], root);
    expect(any.flatMap((plan) => plan.files.map((file) => file.displayPath))).toEqual(['migrations/001_users.sql']);
    const runbooks = await planMigrationSets(['**/*.{sh,md}'], root);
    expect(runbooks.flatMap((plan) => plan.files.map((file) => file.displayPath)).sort()).toEqual(['docs/RUNBOOK.md', 'migrations/add-unique.sh']);
  });
});

describe('uniqlint lint <runbook>', () => {
  it('leaves runbooks out of a plain folder run', async () => {
    const { code, stdout } = await run(['lint', 'migrations', '--format', 'json']);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.files.map((file: { path: string }) => file.path)).toEqual(['migrations/001_users.sql']);
  });

  it('reports the invocations of named runbooks at their line and column, with the base schema as history', async () => {
    const { code, stdout, stderr } = await run(['lint', 'migrations/add-unique.sh', 'docs/RUNBOOK.md', '--base-schema', 'migrations', '--format', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    const findings = document.files.flatMap((file: { path: string; diagnostics: { ruleId: string; line: number; column: number; message: string }[] }) =>
      file.diagnostics.map((diagnostic) => [file.path, diagnostic.ruleId, diagnostic.line, diagnostic.column, diagnostic.message]),
    );
    expect(findings).toEqual([
      ['docs/RUNBOOK.md', 'online-schema-change-unique', 4, 'pt-online-schema-change --no-check-unique-key-change --alter "ADD '.length + 1, expect.stringContaining('drops duplicate rows silently under pt-online-schema-change')],
      ['migrations/add-unique.sh', 'online-schema-change-unique', 3, 16, expect.stringContaining('drops duplicate rows silently under gh-ost')],
    ]);
  });

  it("reads the runbooks a glob of the configuration's include names, with its baseSchema", async () => {
    write('.uniqlintrc.json', JSON.stringify({ include: ['migrations/*.sh', 'docs/*.md'], baseSchema: ['migrations'] }));
    try {
      const { code, stdout } = await run(['lint', '--format', 'json']);
      expect(code).toBe(0);
      const document = JSON.parse(stdout);
      const findings = document.files.flatMap((file: { path: string; diagnostics: { ruleId: string }[] }) => file.diagnostics.map((diagnostic) => `${file.path} ${diagnostic.ruleId}`));
      expect(findings.sort()).toEqual(['docs/RUNBOOK.md online-schema-change-unique', 'migrations/add-unique.sh online-schema-change-unique']);
    } finally {
      rmSync(path.join(root, '.uniqlintrc.json'));
    }
  });
});
