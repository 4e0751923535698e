/**
 * Configuration discovery, validation, bad configs and the generated JSON Schema.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, settingsFrom } from '../../src/config/load.js';
import { validateConfig } from '../../src/config/validate.js';
import { configJsonSchema } from '../../src/config/schema.js';
import { knownRuleIds } from '../../rules/index.js';

let root: string;
const ruleIds = knownRuleIds();

function write(relative: string, text: string): string {
  const full = path.join(root, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

async function errorOf(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-config-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('discovery', () => {
  it('finds .uniqlintrc.json upward from the working directory', async () => {
    const file = write('rc/.uniqlintrc.json', JSON.stringify({ dialect: 'mariadb', rules: { 'replace-into': 'error' } }));
    mkdirSync(path.join(root, 'rc', 'db', 'migrations'), { recursive: true });
    const loaded = await loadConfig({ cwd: path.join(root, 'rc', 'db', 'migrations'), ruleIds });
    expect(loaded.filepath).toBe(file);
    expect(loaded.directory).toBe(path.join(root, 'rc'));
    expect(loaded.config).toEqual({ dialect: 'mariadb', rules: { 'replace-into': 'error' } });
  });

  it('reads the uniqlint key of package.json, before the rc file of the same folder', async () => {
    write('pkg/package.json', JSON.stringify({ name: 'app', uniqlint: { rules: { 'insert-ignore': 'off' } } }));
    write('pkg/.uniqlintrc.json', JSON.stringify({ rules: { 'insert-ignore': 'error' } }));
    const loaded = await loadConfig({ cwd: path.join(root, 'pkg'), ruleIds });
    expect(path.basename(loaded.filepath!)).toBe('package.json');
    expect(loaded.config.rules).toEqual({ 'insert-ignore': 'off' });
  });

  it('skips a package.json without the key', async () => {
    write('pkg2/package.json', JSON.stringify({ name: 'app' }));
    write('pkg2/uniqlint.config.json', JSON.stringify({ dialect: 'mysql' }));
    expect(path.basename((await loadConfig({ cwd: path.join(root, 'pkg2'), ruleIds })).filepath!)).toBe('uniqlint.config.json');
  });

  it('loads uniqlint.config.mjs and uniqlint.config.js default exports', async () => {
    write('mjs/uniqlint.config.mjs', "export default { convention: 'flyway', exclude: ['legacy/**'] };\n");
    expect((await loadConfig({ cwd: path.join(root, 'mjs'), ruleIds })).config).toEqual({ convention: 'flyway', exclude: ['legacy/**'] });
    write('js/package.json', JSON.stringify({ type: 'module' }));
    write('js/uniqlint.config.js', "export default { rules: { 'add-unique-key': ['error', { note: 1 }] } };\n");
    const loaded = await loadConfig({ cwd: path.join(root, 'js'), ruleIds });
    expect(settingsFrom(loaded).ruleOptions).toEqual({ 'add-unique-key': { note: 1 } });
    expect(settingsFrom(loaded).ruleSettings).toEqual({ 'add-unique-key': 'error' });
  });

  it('--config names a file and skips the search', async () => {
    write('named/.uniqlintrc.json', JSON.stringify({ dialect: 'mysql' }));
    const other = write('named/ci/uniqlint.ci.json', JSON.stringify({ dialect: 'mariadb', baseline: '../baseline.json' }));
    const loaded = await loadConfig({ cwd: path.join(root, 'named'), configPath: 'ci/uniqlint.ci.json', ruleIds });
    expect(loaded.filepath).toBe(other);
    expect(settingsFrom(loaded).baseline).toBe(path.join(root, 'named', 'baseline.json'));
  });

  it('returns an empty configuration when no file exists', async () => {
    mkdirSync(path.join(root, 'none'), { recursive: true });
    // The search may walk above the temporary folder; the folder itself holds nothing.
    const loaded = await loadConfig({ cwd: path.join(root, 'none'), ruleIds });
    if (loaded.filepath === undefined) expect(loaded.config).toEqual({});
    else expect(loaded.filepath.startsWith(path.join(root, 'none'))).toBe(false);
  });
});

describe('bad configurations name the key', () => {
  it('an unknown rule id', async () => {
    write('bad1/.uniqlintrc.json', JSON.stringify({ rules: { 'add-uniqe-key': 'error' } }));
    const error = await errorOf(loadConfig({ cwd: path.join(root, 'bad1'), ruleIds }));
    expect(error.message).toContain('.uniqlintrc.json');
    expect(error.message).toContain("rules.add-uniqe-key: unknown rule 'add-uniqe-key'");
  });

  it('a bad level, a bad dialect and an unknown top-level key, all at once', async () => {
    write('bad2/.uniqlintrc.json', JSON.stringify({ rules: { 'replace-into': 'warn' }, dialect: 'postgres', colour: true }));
    const error = await errorOf(loadConfig({ cwd: path.join(root, 'bad2'), ruleIds }));
    expect(error.message).toContain('rules.replace-into: expected one of "off", "info", "warning", "error", or [level, {options}]');
    expect(error.message).toMatch(/dialect: .*"mysql"/);
    expect(error.message).toContain('colour: unknown key');
  });

  it('a bad convention, a bad include and a bad live value', () => {
    expect(() => validateConfig({ convention: 'rails' }, ruleIds, 'x.json')).toThrow(/convention/);
    expect(() => validateConfig({ convention: { db: 'rails' } }, ruleIds, 'x.json')).toThrow(/convention: expected one of "auto", "plain", "flyway"/);
    expect(() => validateConfig({ include: 'db' }, ruleIds, 'x.json')).toThrow(/include: /);
    expect(() => validateConfig({ live: { timeoutMs: -1 } }, ruleIds, 'x.json')).toThrow(/live\.timeoutMs/);
    expect(() => validateConfig({ serverVersion: 'eight' }, ruleIds, 'x.json')).toThrow(/serverVersion: expected a version/);
    expect(() => validateConfig({ rules: { 'replace-into': ['error', 'loud'] } }, ruleIds, 'x.json')).toThrow(/rules\.replace-into/);
  });

  it('JSON that does not parse', async () => {
    write('bad3/.uniqlintrc.json', '{ "rules": { ');
    const error = await errorOf(loadConfig({ cwd: path.join(root, 'bad3'), ruleIds }));
    expect(error.message).toMatch(/\.uniqlintrc\.json: not valid JSON/);
  });

  it('a configuration that is not an object', async () => {
    write('bad4/.uniqlintrc.json', '[1, 2]');
    expect((await errorOf(loadConfig({ cwd: path.join(root, 'bad4'), ruleIds }))).message).toContain('expected an object');
  });

  it('a --config file that does not exist', async () => {
    expect((await errorOf(loadConfig({ cwd: root, configPath: 'missing.json', ruleIds }))).message).toBe('--config: no such file: missing.json');
  });

  it('a JavaScript config that throws', async () => {
    write('bad5/uniqlint.config.mjs', "throw new Error('boom');\n");
    expect((await errorOf(loadConfig({ cwd: path.join(root, 'bad5'), ruleIds }))).message).toContain('boom');
  });
});

describe('the editor JSON Schema', () => {
  const schema = configJsonSchema(ruleIds);
  const validate = new Ajv2020({ strict: false }).compile(schema);

  it('accepts what the loader accepts and rejects what it rejects', () => {
    const good = {
      $schema: './uniqlint.schema.json',
      rules: { 'add-unique-key': 'error', 'replace-into': ['warning', {}] },
      dialect: 'mariadb',
      serverVersion: '10.11',
      include: ['db'],
      exclude: ['db/legacy/**'],
      convention: { db: 'goose', 'db/old': 'auto' },
      baseline: 'b.json',
      live: { enabled: false, timeoutMs: 1000 },
    };
    expect(validate(good)).toBe(true);
    expect(() => validateConfig(good, ruleIds, 'x.json')).not.toThrow();
    for (const bad of [{ rules: { nope: 'error' } }, { dialect: 'postgres' }, { colour: true }, { rules: { 'replace-into': 'warn' } }]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
      expect(() => validateConfig(bad, ruleIds, 'x.json')).toThrow(ConfigError);
    }
  });

  it('lists every rule for completion', () => {
    const rules = (schema.properties as Record<string, { properties: Record<string, unknown> }>).rules!;
    expect(Object.keys(rules.properties).sort()).toEqual([...ruleIds].sort());
  });
});

describe('the upward search', () => {
  it('refuses a FIFO or an oversized file named like a configuration instead of reading it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-search-'));
    try {
      const nested = path.join(dir, 'db', 'migrations');
      mkdirSync(nested, { recursive: true });
      writeFileSync(path.join(dir, 'uniqlint.config.json'), `{"rules":{}, "pad": "${'x'.repeat(1024 * 1024)}"}`);
      await expect(loadConfig({ cwd: nested, ruleIds: knownRuleIds() })).rejects.toThrow(/uniqlint\.config\.json is larger than 1 MB/);
      rmSync(path.join(dir, 'uniqlint.config.json'));
      const fifo = path.join(dir, '.uniqlintrc.json');
      const made = await new Promise<number | null>((resolve) => {
        import('node:child_process').then(({ execFile }) => execFile('mkfifo', [fifo], (error) => resolve(error ? 1 : 0)));
      });
      expect(made).toBe(0);
      await expect(loadConfig({ cwd: nested, ruleIds: knownRuleIds() })).rejects.toBeInstanceOf(ConfigError);
      await expect(loadConfig({ cwd: nested, ruleIds: knownRuleIds() })).rejects.toThrow(/\.uniqlintrc\.json is not a regular file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
