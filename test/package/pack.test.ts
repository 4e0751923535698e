/**
 * The package as npm delivers it: `npm pack` of a copy of this working tree (its `prepare` script
 * builds dist/ there, leaving this tree's dist/ alone), the tarball's contents, then an install
 * of the tarball into an empty project, where `npx uniqlint` and the README's API example run;
 * and the README's install line before a release, `npm install --save-dev` from a git URL (a
 * local repository holding the working tree stands for the GitHub one).
 *
 * The install needs the npm registry (the package's dependencies; `--prefer-offline` takes them
 * from npm's cache when it holds them), so this is in the "slow" project (vitest.config.ts).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, runProcess } from '../support/processes.js';
import { ensureShippedCli, shippedCli } from '../support/shipped-cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string; license: string };
/** npm without its update check, audit and funding messages, and without colour. */
const npmEnv: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false', NO_COLOR: '1' };
// Node warns on stderr when both are set; NO_COLOR alone turns colour off.
delete npmEnv.FORCE_COLOR;
const MINUTES = 60_000;

let scratch: string;
let tarball: string;
let packed: { size: number; unpackedSize: number; files: { path: string; size: number }[] };
let app: string;
let sourceRepository: string;
const gitEnv = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' };

async function run(command: string, args: string[], cwd: string) {
  const result = await runProcess(command, args, { cwd, env: npmEnv, timeoutMs: 12 * MINUTES });
  return { code: result.code, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}${result.stderr}` };
}

/** The files git would hand a clone of this working tree: tracked and untracked, minus ignored ones, that exist. */
async function workingTreeFiles(): Promise<string[]> {
  const listed = await git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  return listed.split('\0').filter((file) => file !== '' && existsSync(path.join(root, file)));
}

/** Every file under `folder`, as paths relative to it. */
function filesUnder(folder: string, prefix = ''): string[] {
  return readdirSync(path.join(folder, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    return entry.isDirectory() ? filesUnder(folder, relative) : [relative];
  });
}

/** The README's API example: the js block between its markers. */
function readmeApiExample(): string {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const match = /<!-- api-example:start -->\n```js\n([\s\S]*?)```\n<!-- api-example:end -->/.exec(readme);
  if (!match) throw new Error('README.md has no api-example block');
  return match[1]!;
}

beforeAll(async () => {
  ensureShippedCli();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-pack-'));
  // A copy of the working tree stands for a fresh checkout; its dependencies are this tree's.
  const source = path.join(scratch, 'source');
  for (const file of await workingTreeFiles()) {
    mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(source, file));
  }
  // Committed before node_modules is linked in, so a clone of it (the git-URL install) holds no link.
  await git(source, ['init', '-q', '-b', 'main'], gitEnv);
  await git(source, ['add', '-A'], gitEnv);
  await git(source, ['commit', '-q', '--no-verify', '-m', 'working tree'], gitEnv);
  sourceRepository = source;
  symlinkSync(path.join(root, 'node_modules'), path.join(source, 'node_modules'), 'dir');
  const out = path.join(scratch, 'out');
  mkdirSync(out);
  const pack = await run('npm', ['pack', '--json', '--pack-destination', out], source);
  expect(pack.code, pack.stderr).toBe(0);
  // npm prints the build's output before the JSON document.
  const json = pack.stdout.slice(pack.stdout.indexOf('[\n'));
  [packed] = JSON.parse(json) as [typeof packed];
  tarball = path.join(out, `${manifest.name}-${manifest.version}.tgz`);
  expect(existsSync(tarball)).toBe(true);

  app = path.join(scratch, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), `${JSON.stringify({ name: 'uniqlint-consumer', version: '1.0.0', private: true }, null, 2)}\n`);
  cpSync(path.join(root, 'examples', 'migrations'), path.join(app, 'examples', 'migrations'), { recursive: true });
  const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);
  expect(install.code, install.output).toBe(0);
}, 20 * MINUTES);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('carries the built package, the MIT LICENSE, the docs, and no test file nor source', () => {
    const files = packed.files.map((file) => file.path);
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/cli/uniqlint.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'uniqlint.schema.json', 'docs/rules/add-unique-key.md']));
    const license = readFileSync(path.join(app, 'node_modules', 'uniqlint', 'LICENSE'), 'utf8');
    expect(manifest.license).toBe('MIT');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the uniqlint authors\n/);
    const unexpected = files.filter((file) => /(^|\/)(test|tests|__snapshots__|bench|examples|scripts)\//.test(file) || /\.(test|spec)\.[cm]?[jt]s$/.test(file) || (/\.ts$/.test(file) && !file.endsWith('.d.ts')));
    expect(unexpected).toEqual([]);
  });

  it('ships no source map, and no sourceMappingURL comment naming a file it does not hold', () => {
    const installed = path.join(app, 'node_modules', 'uniqlint');
    const files = filesUnder(installed);
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    const dangling: string[] = [];
    for (const file of files.filter((name) => /\.(m?js|d\.ts)$/.test(name))) {
      for (const match of readFileSync(path.join(installed, file), 'utf8').matchAll(/[#@] sourceMappingURL=(\S+)/g)) {
        const target = match[1]!;
        if (target.startsWith('data:')) continue;
        if (!existsSync(path.join(installed, path.dirname(file), target))) dangling.push(`${file} -> ${target}`);
      }
    }
    expect(dangling).toEqual([]);
  });

  it('is small: under 1 MB packed', () => {
    expect(packed.size).toBe(statSync(tarball).size);
    expect(packed.size).toBeLessThan(1024 * 1024);
  });
});

describe('installed from the tarball into an empty project', () => {
  it('npx uniqlint lints a migration: the finding on stdout, exit code 0 for a warning', async () => {
    const version = await run('npx', ['--no-install', 'uniqlint', '--version'], app);
    expect(version.stdout.trim()).toBe(manifest.version);
    const one = await run('npx', ['--no-install', 'uniqlint', 'examples/migrations/002_unique_user_email.sql'], app);
    expect(one.code, one.output).toBe(0);
    expect(one.stdout).toContain('examples/migrations/002_unique_user_email.sql');
    expect(one.stdout).toContain('warning[add-unique-key]: ADD UNIQUE `uk_users_email` may fail with ERROR 1062');
    expect(one.stderr).toBe('');
  });

  it('npx uniqlint on the example folder prints what the repository\'s own build prints, and exits 1', async () => {
    const installed = await run('npx', ['--no-install', 'uniqlint', 'examples/migrations'], app);
    const local = await run(process.execPath, [shippedCli, 'examples/migrations'], app);
    expect(installed.code).toBe(1);
    expect(installed.stdout).toBe(local.stdout);
    expect(installed.stdout).toContain('error[duplicate-key-in-inserted-rows]');
  });

  it("runs the README's API example as written", async () => {
    writeFileSync(path.join(app, 'example.mjs'), readmeApiExample());
    const result = await run(process.execPath, ['example.mjs'], app);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trim().split('\n');
    expect(lines).toContain('examples/migrations/002_unique_user_email.sql:2:23 warning add-unique-key');
    expect(lines).toContain('examples/migrations/005_more_reference_data.sql:2:1 error insert-ignore');
    expect(lines).toContain('2 errors, 7 warnings, 2 infos');
    expect(lines).toContain('SARIF results: 11');
    expect(lines).toContain("[ 'replace-into' ]");
    expect(result.code).toBe(1);
  });

  it('type-checks the README example against the shipped declarations', async () => {
    writeFileSync(path.join(app, 'example.mts'), readmeApiExample());
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--typeRoots', path.join(root, 'node_modules', '@types'), '--types', 'node', 'example.mts'];
    const result = await run(process.execPath, [tsc, ...args], app);
    expect(result.code, result.output).toBe(0);
  });
});

describe('installed from a git URL, as the README says to before a release', () => {
  it('npm builds it through prepare, and npx uniqlint runs', { timeout: 20 * MINUTES }, async () => {
    const project = path.join(scratch, 'from-git');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'uniqlint-from-git', version: '1.0.0', private: true }, null, 2)}\n`);
    cpSync(path.join(root, 'examples', 'migrations'), path.join(project, 'migrations'), { recursive: true });
    const install = await run('npm', ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', `git+file://${sourceRepository}`], project);
    expect(install.code, install.output).toBe(0);
    const installed = path.join(project, 'node_modules', 'uniqlint');
    expect(existsSync(path.join(installed, 'dist', 'cli', 'uniqlint.js'))).toBe(true);
    expect(existsSync(path.join(installed, 'dist', 'src', 'index.js'))).toBe(true);
    const result = await run('npx', ['--no-install', 'uniqlint', 'migrations/002_unique_user_email.sql'], project);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('warning[add-unique-key]');
  });
});
