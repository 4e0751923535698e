import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';

const rulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules');

describe('rule registry', () => {
  it('lists every rule file exactly once, under its id', () => {
    const files = readdirSync(rulesDir)
      .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    const ids = allRules.map((rule) => rule.meta.id);
    expect([...ids].sort()).toEqual(files);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(allRules.map((rule) => [rule.meta.id, rule] as const))('%s has complete metadata', (id, rule) => {
    const meta = rule.meta;
    expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(meta.summary.length).toBeGreaterThan(20);
    expect(meta.summary).not.toContain('\n');
    expect(meta.rationale.length).toBeGreaterThan(200);
    expect(meta.fix.length).toBeGreaterThan(50);
    expect(meta.tags.length).toBeGreaterThan(0);
    expect(meta.examples.invalid.length).toBeGreaterThan(0);
    expect(meta.examples.valid.length).toBeGreaterThan(0);
    for (const example of [...meta.examples.invalid, ...meta.examples.valid]) {
      expect(example.sql.trim()).not.toBe('');
      expect(example.description ?? '').not.toBe('');
    }
  });
});
