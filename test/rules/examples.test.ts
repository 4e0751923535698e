/**
 * Every rule's own examples, run through the whole pipeline (splitter, parser, schema model,
 * rules): each invalid example yields exactly one diagnostic of its rule, each valid one none.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { lintText } from '../../src/engine/lint.js';
import type { RuleExample } from '../../src/rule.js';

function diagnosticsOf(ruleId: string, example: RuleExample) {
  const result = lintText(example.sql, {
    dialect: example.dialect ?? 'mysql',
    ...(example.file !== undefined ? { filePath: example.file } : {}),
    history: example.history !== undefined ? [example.history] : [],
  });
  return result.diagnostics.filter((diagnostic) => diagnostic.ruleId === ruleId);
}

// Live-only rules decide from the target database; their examples run against a test server in
// test/live/live-rules.test.ts. Statically they must stay silent on every example.
const liveOnly = allRules.filter((rule) => rule.meta.requires === 'live');
const staticRules = allRules.filter((rule) => rule.meta.requires !== 'live');

describe('live-only rules', () => {
  it.each(liveOnly.map((rule) => [rule.meta.id, rule] as const))('%s reports nothing without a target database', (id, rule) => {
    for (const example of [...rule.meta.examples.invalid, ...rule.meta.examples.valid]) {
      expect(diagnosticsOf(id, example)).toEqual([]);
    }
  });
});

for (const rule of staticRules) {
  describe(`${rule.meta.id} examples`, () => {
    it.each(rule.meta.examples.invalid.map((example) => [example.description ?? example.sql, example] as const))(
      'invalid: %s',
      (_description, example) => {
        const diagnostics = diagnosticsOf(rule.meta.id, example);
        expect(diagnostics.map((diagnostic) => diagnostic.message)).toHaveLength(1);
        expect(diagnostics[0]!.severity).toBe(rule.meta.defaultSeverity);
      },
    );
    it.each(rule.meta.examples.valid.map((example) => [example.description ?? example.sql, example] as const))(
      'valid: %s',
      (_description, example) => {
        expect(diagnosticsOf(rule.meta.id, example).map((diagnostic) => diagnostic.message)).toEqual([]);
      },
    );
  });
}
