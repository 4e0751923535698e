/**
 * `uniqlint lsp`, driven over stdio by a real JSON-RPC client (vscode-jsonrpc): the shipped CLI
 * runs as a child process, and every test talks the Language Server Protocol to it.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, MarkupContent } from 'vscode-languageserver';
import { applyTextEdits, LanguageServerSession, type StartOptions } from '../support/lsp-client.js';
import { ensureShippedCli } from '../support/shipped-cli.js';
import { git } from '../support/processes.js';

const ERROR = 1;
const WARNING = 2;
const LOG_ERROR = 1;

let scratch: string;
let session: LanguageServerSession | undefined;

beforeAll(() => {
  ensureShippedCli();
  scratch = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'uniqlint-lsp-')));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(async () => {
  await session?.dispose();
  session = undefined;
});

const usersHistory = 'CREATE TABLE users (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NOT NULL);\n';
const ordersMigration = 'ALTER TABLE users ADD UNIQUE KEY uq_users_email (email);\nCREATE TABLE orders (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, user_id BIGINT NOT NULL);\n';

/** A project folder with `db/001_users.sql` as history; returns its path. */
function project(name: string, files: Record<string, string> = {}): string {
  const root = path.join(scratch, name);
  mkdirSync(path.join(root, 'db'), { recursive: true });
  writeFileSync(path.join(root, 'db', '001_users.sql'), usersHistory);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

async function start(root: string, options: Partial<StartOptions> = {}): Promise<LanguageServerSession> {
  const started = await LanguageServerSession.start({ cwd: root, workspaceFolders: [uriOf(root)], ...options });
  session = started.session;
  return started.session;
}

function byRule(diagnostics: Diagnostic[], ruleId: string): Diagnostic | undefined {
  return diagnostics.find((diagnostic) => diagnostic.code === ruleId);
}

describe('uniqlint lsp', () => {
  it('initializes with diagnostics, code actions and hover, and exits with code 0 after shutdown', async () => {
    const root = project('handshake');
    const { session: started, initialized } = await LanguageServerSession.start({ cwd: root, workspaceFolders: [uriOf(root)] });
    session = started;
    expect(initialized.serverInfo?.name).toBe('uniqlint');
    expect(initialized.capabilities.hoverProvider).toBe(true);
    expect(initialized.capabilities.codeActionProvider).toMatchObject({ codeActionKinds: expect.arrayContaining(['quickfix']) });
    expect(initialized.capabilities.textDocumentSync).toMatchObject({ openClose: true, save: expect.anything() });
    expect(await started.shutdown()).toBe(0);
    session = undefined;
  });

  it('lints an opened migration with its folder as history, fixes it through a code action, and the diagnostic goes', async () => {
    const root = project('fix-flow', { 'db/002_orders.sql': ordersMigration });
    const server = await start(root);
    const uri = uriOf(path.join(root, 'db', '002_orders.sql'));
    await server.open(uri, ordersMigration);
    const first = await server.diagnosticsFor(uri, (diagnostics) => diagnostics.length > 0);
    expect(first.version).toBe(1);

    const addUnique = byRule(first.diagnostics, 'add-unique-key');
    expect(addUnique).toMatchObject({
      source: 'uniqlint',
      severity: WARNING,
      range: { start: { line: 0, character: 22 }, end: { line: 0, character: 55 } },
      codeDescription: { href: expect.stringMatching(/docs\/rules\/add-unique-key\.md$/) },
    });
    expect(addUnique!.message).toMatch(/^ADD UNIQUE `uq_users_email` may fail with ERROR 1062/);
    const intAutoIncrement = byRule(first.diagnostics, 'int-auto-increment');
    expect(intAutoIncrement).toMatchObject({ severity: WARNING, range: { start: { line: 1, character: 21 }, end: { line: 1, character: 63 } } });

    const actions = (await server.codeActions(uri, intAutoIncrement!.range)) ?? [];
    const fix = actions.find((action) => action.title.startsWith('Fix: ') && action.kind === 'quickfix');
    expect(fix, JSON.stringify(actions)).toBeDefined();
    expect(fix!.isPreferred).toBe(true);
    expect(fix!.diagnostics?.[0]?.code).toBe('int-auto-increment');
    const edits = fix!.edit!.changes![uri]!;
    const fixed = applyTextEdits(ordersMigration, edits);
    expect(fixed).toBe(ordersMigration.replace('orders (id INT', 'orders (id BIGINT'));

    const before = server.published.length;
    await server.change(uri, fixed, 2);
    const after = await server.diagnosticsFor(uri, (_, version) => version === 2, before);
    expect(byRule(after.diagnostics, 'int-auto-increment')).toBeUndefined();
    expect(byRule(after.diagnostics, 'add-unique-key')).toBeDefined();
  });

  it('replays the earlier files of the folder: a finding that needs the history appears only with it', async () => {
    const seed = "INSERT INTO users (id, email) VALUES (7, 'a@example.com');\n";
    const root = project('history', { 'db/003_seed.sql': seed });
    const server = await start(root);
    const uri = uriOf(path.join(root, 'db', '003_seed.sql'));
    await server.open(uri, seed);
    const withHistory = await server.diagnosticsFor(uri);
    expect(byRule(withHistory.diagnostics, 'explicit-auto-increment-value')).toMatchObject({ severity: WARNING, range: { start: { line: 0 } } });

    // The same text in an untitled document has no folder, so no history: `users` is unknown.
    const untitled = 'untitled:Untitled-1';
    await server.open(untitled, seed);
    const alone = await server.diagnosticsFor(untitled);
    expect(alone.diagnostics).toEqual([]);
  });

  it('offers a uniqlint-disable-next-statement comment that silences the finding', async () => {
    const root = project('suppress', { 'db/002_orders.sql': ordersMigration });
    const server = await start(root);
    const uri = uriOf(path.join(root, 'db', '002_orders.sql'));
    await server.open(uri, ordersMigration);
    const first = await server.diagnosticsFor(uri, (diagnostics) => byRule(diagnostics, 'add-unique-key') !== undefined);
    const target = byRule(first.diagnostics, 'add-unique-key')!;
    const actions = (await server.codeActions(uri, target.range, ['quickfix'])) ?? [];
    // add-unique-key has no suggested fix: the only action is the directive.
    expect(actions.map((action) => action.title)).toEqual(['Disable add-unique-key for this statement']);
    const edited = applyTextEdits(ordersMigration, actions[0]!.edit!.changes![uri]!);
    expect(edited.split('\n').slice(0, 2)).toEqual(['-- uniqlint-disable-next-statement add-unique-key', 'ALTER TABLE users ADD UNIQUE KEY uq_users_email (email);']);

    const before = server.published.length;
    await server.change(uri, edited, 2);
    const after = await server.diagnosticsFor(uri, (_, version) => version === 2, before);
    expect(byRule(after.diagnostics, 'add-unique-key')).toBeUndefined();
    expect(byRule(after.diagnostics, 'unused-disable')).toBeUndefined();
    // The other finding moved down one line with its statement.
    expect(byRule(after.diagnostics, 'int-auto-increment')?.range.start.line).toBe(2);
  });

  it('indents the directive like a statement inside a stored program', async () => {
    const procedure = [
      'DELIMITER $$',
      'CREATE PROCEDURE add_key()',
      'BEGIN',
      '    SELECT 1;',
      '    ALTER TABLE users ADD UNIQUE KEY uq_users_email (email);',
      'END$$',
      'DELIMITER ;',
      '',
    ].join('\n');
    const root = project('procedure', { 'db/002_procedure.sql': procedure });
    const server = await start(root);
    const uri = uriOf(path.join(root, 'db', '002_procedure.sql'));
    await server.open(uri, procedure);
    const first = await server.diagnosticsFor(uri, (diagnostics) => byRule(diagnostics, 'add-unique-key') !== undefined);
    const target = byRule(first.diagnostics, 'add-unique-key')!;
    expect(target.range.start.line).toBe(4);
    const actions = (await server.codeActions(uri, target.range, ['quickfix'])) ?? [];
    const disable = actions.find((action) => action.title === 'Disable add-unique-key for this statement')!;
    const edited = applyTextEdits(procedure, disable.edit!.changes![uri]!);
    expect(edited.split('\n')[4]).toBe('    -- uniqlint-disable-next-statement add-unique-key');
    const before = server.published.length;
    await server.change(uri, edited, 2);
    const after = await server.diagnosticsFor(uri, (_, version) => version === 2, before);
    expect(byRule(after.diagnostics, 'add-unique-key')).toBeUndefined();
  });

  it("shows the rule's summary and a link to its page on hover", async () => {
    const root = project('hover', { 'db/002_orders.sql': ordersMigration });
    const server = await start(root);
    const uri = uriOf(path.join(root, 'db', '002_orders.sql'));
    await server.open(uri, ordersMigration);
    await server.diagnosticsFor(uri, (diagnostics) => diagnostics.length > 0);
    const hover = await server.hover(uri, { line: 1, character: 30 });
    const contents = hover!.contents as MarkupContent;
    expect(contents.kind).toBe('markdown');
    expect(contents.value).toContain('`int-auto-increment`');
    expect(contents.value).toContain('An AUTO\\_INCREMENT column is TINYINT, SMALLINT, MEDIUMINT or INT instead of BIGINT.');
    expect(contents.value).toContain('(https://github.com/uniqlint/uniqlint/blob/main/docs/rules/int-auto-increment.md)');
    expect(hover!.range).toEqual({ start: { line: 1, character: 21 }, end: { line: 1, character: 63 } });
    // Outside any finding there is nothing to show.
    expect(await server.hover(uri, { line: 1, character: 2 })).toBeNull();
  });

  it('publishes new diagnostics after a change, and clears them when the document closes', async () => {
    const root = project('change', { 'db/002_orders.sql': ordersMigration });
    const server = await start(root);
    const uri = uriOf(path.join(root, 'db', '002_orders.sql'));
    const clean = 'CREATE TABLE orders (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY);\n';
    await server.open(uri, clean);
    const first = await server.diagnosticsFor(uri);
    expect(first.diagnostics).toEqual([]);

    // Several quick edits: only the last text's diagnostics matter.
    let mark = server.published.length;
    await server.change(uri, `${clean}REPLACE INTO`, 2);
    await server.change(uri, `${clean}REPLACE INTO users (id, email) VALUES (1, 'a@example.com');\n`, 3);
    const changed = await server.diagnosticsFor(uri, (_, version) => version === 3, mark);
    expect(byRule(changed.diagnostics, 'replace-into')).toMatchObject({ severity: WARNING, range: { start: { line: 1, character: 0 } } });

    mark = server.published.length;
    await server.notify('textDocument/didClose', { textDocument: { uri } });
    const closed = await server.diagnosticsFor(uri, () => true, mark);
    expect(closed.diagnostics).toEqual([]);
    // Requests about a closed document get empty answers, not errors.
    expect(await server.hover(uri, { line: 1, character: 2 })).toBeNull();
  });

  it('reports a statement it cannot parse as a parse-error diagnostic and keeps linting the others', async () => {
    const broken = 'CREATE TABLE widgets (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY;\nCREATE TABLE t2 (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY);\nSELECT \'unterminated\n';
    const root = project('parse-error', { 'db/002_broken.sql': broken });
    const server = await start(root);
    const uri = uriOf(path.join(root, 'db', '002_broken.sql'));
    await server.open(uri, broken);
    const published = await server.diagnosticsFor(uri, (diagnostics) => diagnostics.length > 0);
    const parseErrors = published.diagnostics.filter((diagnostic) => diagnostic.code === 'parse-error');
    expect(parseErrors.map((diagnostic) => diagnostic.range.start)).toEqual([
      { line: 0, character: 0 },
      { line: 2, character: 7 },
    ]);
    expect(parseErrors.every((diagnostic) => diagnostic.severity === WARNING)).toBe(true);
    expect(parseErrors[1]!.message).toMatch(/unterminated single-quoted string/);
    expect(published.diagnostics.some((diagnostic) => diagnostic.code === 'int-auto-increment' && diagnostic.range.start.line === 1)).toBe(true);
    // The server is still answering.
    expect(await server.hover(uri, { line: 1, character: 20 })).not.toBeNull();
  });

  it('logs a request it cannot handle and keeps serving', async () => {
    const root = project('bad-request', { 'db/002_orders.sql': ordersMigration });
    const server = await start(root);
    const uri = uriOf(path.join(root, 'db', '002_orders.sql'));
    await server.open(uri, ordersMigration);
    await server.diagnosticsFor(uri, (diagnostics) => diagnostics.length > 0);
    // No range and no context: the handler throws inside.
    const answer = await server.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri } });
    expect(answer).toEqual([]);
    const logged = await server.waitFor(server.logs, (log) => log.type === LOG_ERROR && /codeAction failed/.test(log.message), 'the logged failure');
    expect(logged.message).not.toMatch(/\n\s+at /);
    // Still alive: hover and a new lint work.
    expect(await server.hover(uri, { line: 1, character: 30 })).not.toBeNull();
    const mark = server.published.length;
    await server.change(uri, 'SELECT 1;\n', 2);
    expect((await server.diagnosticsFor(uri, (_, version) => version === 2, mark)).diagnostics).toEqual([]);
  });

  it('turns an invalid configuration into a diagnostic instead of linting with other settings', async () => {
    const root = project('bad-config', { 'db/002_orders.sql': ordersMigration, '.uniqlintrc.json': '{ "rules": { "no-such-rule": "error" } }' });
    const server = await start(root);
    const uri = uriOf(path.join(root, 'db', '002_orders.sql'));
    await server.open(uri, ordersMigration);
    const published = await server.diagnosticsFor(uri, (diagnostics) => diagnostics.length > 0);
    expect(published.diagnostics).toHaveLength(1);
    expect(published.diagnostics[0]).toMatchObject({ severity: WARNING, source: 'uniqlint', range: { start: { line: 0, character: 0 } } });
    expect(published.diagnostics[0]!.message).toMatch(/configuration cannot be used.*no-such-rule/s);
  });

  it('names a missing baseSchema path in a diagnostic', async () => {
    const root = project('missing-base', { 'db/002_orders.sql': ordersMigration, '.uniqlintrc.json': JSON.stringify({ baseSchema: ['install/schema.sql'] }) });
    const server = await start(root);
    const uri = uriOf(path.join(root, 'db', '002_orders.sql'));
    await server.open(uri, ordersMigration);
    const published = await server.diagnosticsFor(uri, (diagnostics) => diagnostics.length > 0);
    expect(published.diagnostics).toHaveLength(1);
    expect(published.diagnostics[0]!.message).toMatch(/configuration cannot be used.*install\/schema\.sql/s);
  });

  it('lints an open migration again when an earlier one, its history, is saved', async () => {
    const seed = "INSERT INTO users (id, email) VALUES (7, 'a@example.com');\n";
    const root = project('resave', { 'db/003_seed.sql': seed });
    const server = await start(root);
    const seedUri = uriOf(path.join(root, 'db', '003_seed.sql'));
    await server.open(seedUri, seed);
    const first = await server.diagnosticsFor(seedUri);
    expect(byRule(first.diagnostics, 'explicit-auto-increment-value')).toBeDefined();

    // The earlier migration loses its AUTO_INCREMENT and is saved.
    const historyUri = uriOf(path.join(root, 'db', '001_users.sql'));
    const changedHistory = usersHistory.replace(' AUTO_INCREMENT', '');
    await server.open(historyUri, usersHistory);
    await server.change(historyUri, changedHistory, 2);
    writeFileSync(path.join(root, 'db', '001_users.sql'), changedHistory);
    const mark = server.published.length;
    await server.notify('textDocument/didSave', { textDocument: { uri: historyUri } });
    const again = await server.diagnosticsFor(seedUri, () => true, mark);
    expect(again.version).toBe(1);
    expect(byRule(again.diagnostics, 'explicit-auto-increment-value')).toBeUndefined();
  });

  it("applies the workspace's configuration: rule levels", async () => {
    const root = project('config', { 'db/002_orders.sql': ordersMigration, '.uniqlintrc.json': '{ "rules": { "add-unique-key": "error", "int-auto-increment": "off" } }' });
    const server = await start(root);
    const uri = uriOf(path.join(root, 'db', '002_orders.sql'));
    await server.open(uri, ordersMigration);
    const published = await server.diagnosticsFor(uri, (diagnostics) => diagnostics.length > 0);
    expect(published.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity])).toEqual([['add-unique-key', ERROR]]);
  });

  it('offers no edit for a migration that may already be applied (committed and unchanged), and says why', async () => {
    const root = project('applied', { 'db/002_orders.sql': ordersMigration });
    await git(root, ['init', '-q', '-b', 'main']);
    await git(root, ['add', '.']);
    await git(root, ['commit', '-qm', 'migrations'], { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' });
    const server = await start(root, { disabledSupport: true });
    const uri = uriOf(path.join(root, 'db', '002_orders.sql'));
    await server.open(uri, ordersMigration);
    const published = await server.diagnosticsFor(uri, (diagnostics) => diagnostics.length > 0);
    const intAutoIncrement = byRule(published.diagnostics, 'int-auto-increment')!;
    const actions = (await server.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } })) ?? [];
    expect(actions.every((action) => action.edit === undefined)).toBe(true);
    expect(actions).toHaveLength(1);
    expect(actions[0]!.disabled?.reason).toMatch(/committed and unchanged since HEAD/);
    expect(actions[0]!.diagnostics?.[0]?.range).toEqual(intAutoIncrement.range);

    // A new, uncommitted migration beside it is the change being written: its fixes are offered.
    const newUri = uriOf(path.join(root, 'db', '003_items.sql'));
    const items = 'CREATE TABLE items (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY);\n';
    writeFileSync(path.join(root, 'db', '003_items.sql'), items);
    await server.open(newUri, items);
    const newDiagnostics = await server.diagnosticsFor(newUri, (diagnostics) => diagnostics.length > 0);
    const newActions = (await server.codeActions(newUri, byRule(newDiagnostics.diagnostics, 'int-auto-increment')!.range)) ?? [];
    expect(newActions.some((action) => action.title.startsWith('Fix: ') && action.edit !== undefined)).toBe(true);
  });

  it("offers every safe fix of the file at once as source.fixAll.uniqlint", async () => {
    const two = 'CREATE TABLE a (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY);\nCREATE TABLE b (id SMALLINT NOT NULL AUTO_INCREMENT PRIMARY KEY);\n';
    const root = project('fix-all', { 'db/002_two.sql': two });
    const server = await start(root);
    const uri = uriOf(path.join(root, 'db', '002_two.sql'));
    await server.open(uri, two);
    await server.diagnosticsFor(uri, (diagnostics) => diagnostics.length === 2);
    const actions = (await server.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ['source.fixAll'])) ?? [];
    expect(actions.map((action) => action.kind)).toEqual(['source.fixAll.uniqlint']);
    const fixed = applyTextEdits(two, actions[0]!.edit!.changes![uri]!);
    expect(fixed).toBe('CREATE TABLE a (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY);\nCREATE TABLE b (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY);\n');
  });

  it('keeps the static diagnostics when the configured live database cannot be reached', async () => {
    const root = project('live-down', {
      'db/002_orders.sql': ordersMigration,
      '.uniqlintrc.json': JSON.stringify({ live: { enabled: true, url: 'mysql://linter@127.0.0.1:9/shop', timeoutMs: 2000 } }),
    });
    const env = { ...process.env };
    delete env.UNIQLINT_DATABASE_URL;
    const server = await start(root, { env });
    const uri = uriOf(path.join(root, 'db', '002_orders.sql'));
    await server.open(uri, ordersMigration);
    const published = await server.diagnosticsFor(uri, (diagnostics) => diagnostics.length > 0);
    expect(byRule(published.diagnostics, 'add-unique-key')).toBeDefined();
    const warning = await server.waitFor(server.logs, (log) => /live:/.test(log.message), 'the live-mode warning');
    expect(warning.message).toMatch(/127\.0\.0\.1:9/);
    expect(warning.message).toMatch(/the diagnostics are the static ones/);
    // The server goes on linting and answering.
    const mark = server.published.length;
    await server.change(uri, 'SELECT 1;\n', 2);
    expect((await server.diagnosticsFor(uri, (_, version) => version === 2, mark)).diagnostics).toEqual([]);
    expect(await server.shutdown()).toBe(0);
    session = undefined;
  });

  it('keeps answering while a live run waits on a database that does not respond', async () => {
    // A TCP server that accepts connections and never says a word: the live run hangs in its handshake.
    const sockets: net.Socket[] = [];
    let connected!: () => void;
    const firstConnection = new Promise<void>((resolve) => (connected = resolve));
    const silent = net.createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => {});
      connected();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const root = project('live-silent', {
        'db/002_orders.sql': ordersMigration,
        '.uniqlintrc.json': JSON.stringify({ live: { enabled: true, url: `mysql://linter@127.0.0.1:${port}/shop?connect-timeout=600` } }),
      });
      const env = { ...process.env };
      delete env.UNIQLINT_DATABASE_URL;
      const server = await start(root, { env });
      const uri = uriOf(path.join(root, 'db', '002_orders.sql'));
      await server.open(uri, ordersMigration);
      const published = await server.diagnosticsFor(uri, (diagnostics) => diagnostics.length > 0);
      expect(byRule(published.diagnostics, 'add-unique-key')).toBeDefined();
      await firstConnection;
      // The live run is stuck in its connection; the server still hovers and lints changes.
      expect(await server.hover(uri, { line: 1, character: 30 })).not.toBeNull();
      const mark = server.published.length;
      await server.change(uri, ordersMigration.replace('id INT', 'id BIGINT'), 2);
      const changed = await server.diagnosticsFor(uri, (_, version) => version === 2, mark);
      expect(byRule(changed.diagnostics, 'int-auto-increment')).toBeUndefined();
      expect(server.logs.some((log) => /live:/.test(log.message))).toBe(false);
      // The database goes away: the live run fails, is logged, and the diagnostics stand.
      for (const socket of sockets) socket.destroy();
      const warning = await server.waitFor(server.logs, (log) => /live:/.test(log.message), 'the live-mode warning');
      expect(warning.message).toMatch(/the diagnostics are the static ones/);
      expect(server.published.filter((entry) => entry.uri === uri).at(-1)?.version).toBe(2);
      expect(await server.shutdown()).toBe(0);
      session = undefined;
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
