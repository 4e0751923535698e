/**
 * The generated files (docs/rules/<id>.md, the README rule table, uniqlint.schema.json) must be
 * what the rules' metadata gives today: this fails when someone changes a rule without running
 * `npm run docs`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { expectedFiles, staleFiles } from '../../src/docs/generate.js';
import { renderRulesTable, replaceRulesTable, TABLE_END, TABLE_START } from '../../src/docs/render.js';
import { docsUrlFor } from '../../src/docs-url.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('generated documentation', () => {
  it('is current (run `npm run docs` when this fails)', async () => {
    expect(await staleFiles(root)).toEqual([]);
  });

  it('has a page for every rule, and every docs link points at one', async () => {
    const files = await expectedFiles(root);
    for (const rule of allRules) {
      const page = files.get(`docs/rules/${rule.meta.id}.md`);
      expect(page, rule.meta.id).toBeDefined();
      expect(page).toContain(`# ${rule.meta.id}\n\n${rule.meta.summary}`);
      expect(docsUrlFor(rule.meta.id).endsWith(`/docs/rules/${rule.meta.id}.md`)).toBe(true);
      expect(files.get('README.md')).toContain(`[\`${rule.meta.id}\`](docs/rules/${rule.meta.id}.md)`);
    }
  });

  it('replaces only the text between the README markers', () => {
    const readme = `# x\n\nbefore\n${TABLE_START}\nold table\n${TABLE_END}\nafter\n`;
    const table = renderRulesTable(allRules.slice(0, 1).map((rule) => rule.meta));
    const next = replaceRulesTable(readme, table);
    expect(next).toBe(`# x\n\nbefore\n${TABLE_START}\n${table}\n${TABLE_END}\nafter\n`);
    expect(replaceRulesTable(next, table)).toBe(next);
    expect(() => replaceRulesTable('# no markers\n', table)).toThrow(/needs the markers/);
  });
});
