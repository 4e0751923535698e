/**
 * Writes, or checks, every file generated from the rules' metadata and the configuration schema:
 * `docs/rules/<id>.md`, the rule table in `README.md`, and `uniqlint.schema.json`.
 *
 * `npm run docs` writes them; `npm run docs:check` (and the test suite) fails when one is not
 * current, listing which.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { configJsonSchema } from '../config/schema.js';
import { allRules, knownRuleIds } from '../../rules/index.js';
import { renderRulePage, renderRulesTable, replaceRulesTable } from './render.js';

/** Path of the editor JSON Schema of the configuration, relative to the repository root. */
export const CONFIG_SCHEMA_FILE = 'uniqlint.schema.json';

/**
 * The generated files and their expected content, keyed by path relative to `root`.
 *
 * @param root repository root (it must hold README.md with the table markers).
 */
export async function expectedFiles(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const metas = allRules.map((rule) => rule.meta);
  for (const meta of metas) files.set(`docs/rules/${meta.id}.md`, renderRulePage(meta));
  const readme = await fs.readFile(path.join(root, 'README.md'), 'utf8');
  files.set('README.md', replaceRulesTable(readme, renderRulesTable(metas)));
  files.set(CONFIG_SCHEMA_FILE, `${JSON.stringify(configJsonSchema(knownRuleIds()), null, 2)}\n`);
  return files;
}

/** Generated files under `docs/rules/` that no rule produces any more. */
async function orphanPages(root: string, expected: Map<string, string>): Promise<string[]> {
  let names: string[] = [];
  try {
    names = await fs.readdir(path.join(root, 'docs', 'rules'));
  } catch {
    return [];
  }
  return names.filter((name) => name.endsWith('.md') && !expected.has(`docs/rules/${name}`)).map((name) => `docs/rules/${name}`);
}

/**
 * Lists generated files that differ from what the metadata gives (or should not exist).
 *
 * @returns relative paths; empty when everything is current.
 */
export async function staleFiles(root: string): Promise<string[]> {
  const expected = await expectedFiles(root);
  const stale: string[] = [];
  for (const [relative, content] of expected) {
    const actual = await fs.readFile(path.join(root, relative), 'utf8').catch(() => undefined);
    if (actual !== content) stale.push(relative);
  }
  return [...stale, ...(await orphanPages(root, expected))];
}

/** Writes every generated file and removes orphan rule pages; returns the paths written. */
export async function writeGeneratedFiles(root: string): Promise<string[]> {
  const expected = await expectedFiles(root);
  const written: string[] = [];
  await fs.mkdir(path.join(root, 'docs', 'rules'), { recursive: true });
  for (const [relative, content] of expected) {
    const target = path.join(root, relative);
    const actual = await fs.readFile(target, 'utf8').catch(() => undefined);
    if (actual === content) continue;
    await fs.writeFile(target, content);
    written.push(relative);
  }
  for (const orphan of await orphanPages(root, expected)) {
    await fs.unlink(path.join(root, orphan));
    written.push(orphan);
  }
  return written;
}
