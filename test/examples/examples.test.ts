/**
 * The example migrations a newcomer lints first (examples/migrations): uniqlint reports exactly the
 * rules examples/README.md claims for each file, the claims cover the main rules, and the quick
 * start's output in README.md is what the shipped command prints today.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot, runCli } from '../report/run-cli.js';

const examples = path.join(repoRoot, 'examples');

/** The claims table of examples/README.md: migration file name → rule ids (empty for "none"). */
function claims(): Map<string, string[]> {
  const table = new Map<string, string[]>();
  for (const line of readFileSync(path.join(examples, 'README.md'), 'utf8').split('\n')) {
    const row = /^\|\s*`([^`]+\.sql)`\s*\|(.*)\|\s*$/.exec(line);
    if (!row) continue;
    table.set(row[1]!, [...row[2]!.matchAll(/`([a-z0-9-]+)`/g)].map((match) => match[1]!).sort());
  }
  return table;
}

/** The text between two marker comments of README.md, without its code fence. */
function readmeBlock(name: string): string {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const match = new RegExp(`<!-- ${name}:start -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\`\`\`\\n<!-- ${name}:end -->`).exec(readme);
  if (!match) throw new Error(`README.md has no ${name} block`);
  return match[1]!;
}

beforeAll(() => ensureBuilt());

describe('examples/migrations', () => {
  it('gives, file by file, exactly the findings examples/README.md lists', async () => {
    const claimed = claims();
    const files = readdirSync(path.join(examples, 'migrations')).filter((file) => file.endsWith('.sql')).sort();
    expect([...claimed.keys()].sort()).toEqual(files);
    const result = await runCli(['examples/migrations', '--format', 'json'], repoRoot);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { files: { path: string; diagnostics: { ruleId: string }[] }[] };
    const found = new Map(report.files.map((file) => [path.basename(file.path), [...new Set(file.diagnostics.map((d) => d.ruleId))].sort()]));
    for (const file of files) expect(found.get(file) ?? [], file).toEqual(claimed.get(file));
  });

  it('shows each main rule of the issue at least once, and no parse error', () => {
    const shown = new Set([...claims().values()].flat());
    const main = ['add-unique-key', 'int-auto-increment', 'insert-ignore', 'replace-into', 'unique-key-nullable-column', 'case-insensitive-unique-key', 'insert-select-without-dedup'];
    for (const rule of main) expect(shown.has(rule), rule).toBe(true);
    expect(shown.has('parse-error')).toBe(false);
  });
});

describe('README quick start', () => {
  it('names the example folder, and shows the real output and exit code of its command', async () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('### Installing it in a project'));
    expect(quickStart).toContain('npx uniqlint examples/migrations\n');
    const result = await runCli(['examples/migrations'], repoRoot);
    // Regenerate with: NO_COLOR=1 node dist/cli/uniqlint.js examples/migrations
    expect(readmeBlock('quick-start-output')).toBe(result.stdout);
    expect(result.code).toBe(1);
    expect(quickStart).toContain('exits with code 1');
  });
});
