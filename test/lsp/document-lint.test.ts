/**
 * How the language server places and configures a document (src/lsp/document-lint.ts): the
 * workspace folder as the working directory, and live mode only when the configuration asks.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { placeOf, settingsFor } from '../../src/lsp/document-lint.js';

let scratch: string;
const savedUrl = process.env.UNIQLINT_DATABASE_URL;

beforeAll(() => {
  scratch = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'uniqlint-lsp-settings-')));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => {
  if (savedUrl === undefined) delete process.env.UNIQLINT_DATABASE_URL;
  else process.env.UNIQLINT_DATABASE_URL = savedUrl;
});

describe('placeOf', () => {
  it('lints a file from the deepest workspace folder holding it, else from its own folder', () => {
    const file = path.join('/projects', 'app', 'db', 'migrations', '001.sql');
    expect(placeOf(file, ['/projects', '/projects/app', '/elsewhere'], '/cwd')).toEqual({ absolutePath: file, root: '/projects/app' });
    expect(placeOf(file, ['/elsewhere'], '/cwd')).toEqual({ absolutePath: file, root: path.dirname(file) });
    // A folder whose name merely starts like the file's folder does not hold it.
    expect(placeOf(file, ['/projects/ap'], '/cwd').root).toBe(path.dirname(file));
    expect(placeOf(undefined, ['/projects/app'], '/cwd')).toEqual({ root: '/projects/app' });
    expect(placeOf(undefined, [], '/cwd')).toEqual({ root: '/cwd' });
  });
});

describe('settingsFor', () => {
  it('keeps live mode off when only UNIQLINT_DATABASE_URL is set, and on when the configuration says so', async () => {
    process.env.UNIQLINT_DATABASE_URL = 'mysql://linter@127.0.0.1:9/shop';
    const plain = path.join(scratch, 'plain');
    mkdirSync(plain);
    writeFileSync(path.join(plain, '.uniqlintrc.json'), '{}');
    expect((await settingsFor(plain)).live).toBe(false);

    const enabled = path.join(scratch, 'enabled');
    mkdirSync(enabled);
    writeFileSync(path.join(enabled, '.uniqlintrc.json'), JSON.stringify({ live: { enabled: true }, dialect: 'mariadb', rules: { 'replace-into': 'off' } }));
    const settings = await settingsFor(enabled);
    expect(settings.live).toBe(true);
    expect(settings.options).toMatchObject({ dialect: 'mariadb', ruleSettings: { 'replace-into': 'off' }, baseDirectory: enabled });

    const disabled = path.join(scratch, 'disabled');
    mkdirSync(disabled);
    writeFileSync(path.join(disabled, '.uniqlintrc.json'), JSON.stringify({ live: { enabled: false, url: 'mysql://linter@127.0.0.1:9/shop' } }));
    expect((await settingsFor(disabled)).live).toBe(false);
  });
});
