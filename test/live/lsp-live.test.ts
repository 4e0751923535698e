/**
 * Live mode in the language server (`uniqlint lsp`), against the throwaway server: when the
 * workspace's configuration turns live mode on, the static diagnostics of an opened migration are
 * followed by the live ones, with the target's verdict.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import { LanguageServerSession } from '../support/lsp-client.js';
import { ensureShippedCli } from '../support/shipped-cli.js';
import { createScratch, liveServer, type Scratch } from './helpers.js';

const { server, skipReason } = liveServer();

/** A diagnostic's message as text (the server sends plain strings). */
function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

let workDir: string;
let scratch: Scratch | undefined;
let session: LanguageServerSession | undefined;

beforeAll(() => {
  ensureShippedCli();
  workDir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'uniqlint-lsp-live-')));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
afterEach(async () => {
  await session?.dispose();
  session = undefined;
  await scratch?.dispose();
  scratch = undefined;
});

describe.skipIf(!server)(`live mode in the language server${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('replaces the static diagnostic with the live verdict of the target database', async () => {
    scratch = await createScratch(server!, 'lsp');
    await scratch.admin.query('CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(100)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci');
    await scratch.admin.query("INSERT INTO users VALUES (1, 'Alice'), (2, 'alice'), (3, 'bob')");
    const root = path.join(workDir, 'project');
    mkdirSync(path.join(root, 'db'), { recursive: true });
    // The URL comes from the environment, as the README advises; the configuration turns live mode on.
    writeFileSync(path.join(root, '.uniqlintrc.json'), JSON.stringify({ live: { enabled: true } }));
    const migration = 'ALTER TABLE users ADD UNIQUE KEY uk_email (email);\n';
    writeFileSync(path.join(root, 'db', '001_unique_email.sql'), migration);
    const env: NodeJS.ProcessEnv = { ...process.env, UNIQLINT_DATABASE_URL: scratch.url };
    delete env.MYSQL_PWD;
    const started = await LanguageServerSession.start({ cwd: root, workspaceFolders: [pathToFileURL(root).href], env });
    session = started.session;
    const uri = pathToFileURL(path.join(root, 'db', '001_unique_email.sql')).href;
    await session.open(uri, migration);
    const live = await session.diagnosticsFor(uri, (diagnostics) => diagnostics.some((diagnostic) => /^live: /m.test(messageOf(diagnostic))));
    const addUnique = live.diagnostics.find((diagnostic) => diagnostic.code === 'add-unique-key');
    expect(messageOf(addUnique!).split('\n')[1]).toBe('live: fails: 1 duplicate group among 3 rows');
    expect(addUnique?.range).toEqual({ start: { line: 0, character: 22 }, end: { line: 0, character: 49 } });
    // The static diagnostics came first, for the same version.
    const first = session.published.find((entry) => entry.uri === uri)!;
    expect(first.version).toBe(1);
    expect(first.diagnostics.find((diagnostic) => diagnostic.code === 'add-unique-key')?.message).not.toMatch(/^live: /m);
  });
});
