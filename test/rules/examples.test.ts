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
    history: example.history !== undefined ? [example.history] : [],
  });
  return result.diagnostics.filter((diagnostic) => diagnostic.ruleId === ruleId);
}

for (const rule of allRules) {
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
