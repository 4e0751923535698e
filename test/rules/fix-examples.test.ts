/**
 * Suggested fixes, from every rule's own invalid examples: the fix applied to the example gives
 * SQL whose every statement parses (node-sql-parser through the parser adapter, status not
 * `failed`) and that the rule no longer flags.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { lintText } from '../../src/engine/lint.js';
import { analyzeStatement } from '../../src/parse/analyze.js';
import { splitStatements } from '../../src/split/splitter.js';
import { applyFixes } from '../../src/fix/apply.js';
import type { RuleExample } from '../../src/rule.js';

function lint(example: RuleExample, sql: string) {
  return lintText(sql, { dialect: example.dialect ?? 'mysql', history: example.history !== undefined ? [example.history] : [] });
}

const withFixes = allRules.flatMap((rule) =>
  rule.meta.examples.invalid.flatMap((example) => {
    const diagnostics = lint(example, example.sql).diagnostics.filter((diagnostic) => diagnostic.ruleId === rule.meta.id && diagnostic.fix);
    return diagnostics.length > 0 ? [[`${rule.meta.id}: ${example.description ?? example.sql}`, rule.meta.id, example, diagnostics[0]!.fix!] as const] : [];
  }),
);

describe('suggested fixes of the rules\' invalid examples', () => {
  it('exist for the rules that offer mechanical fixes', () => {
    const rules = new Set(withFixes.map(([, ruleId]) => ruleId));
    for (const id of ['upsert-values-function', 'int-auto-increment', 'alter-ignore-add-unique']) expect(rules).toContain(id);
  });

  it.each(withFixes)('%s', (_name, ruleId, example, fix) => {
    const fixed = applyFixes(example.sql, [fix]);
    expect(fixed.applied).toHaveLength(1);
    expect(fixed.text).not.toBe(example.sql);
    const split = splitStatements(fixed.text);
    expect(split.problems).toEqual([]);
    for (const unit of split.statements) {
      const outcome = analyzeStatement(unit, example.dialect ?? 'mysql').parse;
      expect(outcome.status === 'failed' ? outcome.message : 'ok').toBe('ok');
    }
    const after = lint(example, fixed.text).diagnostics.filter((diagnostic) => diagnostic.ruleId === ruleId);
    expect(after.map((diagnostic) => diagnostic.message)).toEqual([]);
  });
});
