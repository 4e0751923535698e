/**
 * The text readers the new rules rely on terminate and never throw on arbitrary text: INSERT
 * parts, the dbt model reader, decimal canonicalisation and the whole lint of dbt-looking text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readInsertParts } from '../../src/analysis/insert-parts.js';
import { canonicalDecimal, keyPartValue } from '../../src/analysis/key-values.js';
import { readDbtModel } from '../../src/source/dbt-model.js';
import { lintText } from '../../src/engine/lint.js';

const sqlish = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .array(fc.constantFrom('INSERT', 'INTO', 't', '(', ')', ',', "'a'", '1', 'VALUES', 'AS', 'new', 'ON', 'DUPLICATE', 'KEY', 'UPDATE', '=', 'VALUES(', 'SET', 'SELECT', '.', '`x`', '{{', '}}', 'config(', "materialized='incremental'", 'unique_key=', '[', ']'), { maxLength: 40 })
    .map((words) => words.join(' ')),
);

describe('readers on arbitrary text', () => {
  it('never throw', () => {
    fc.assert(
      fc.property(sqlish, (text) => {
        const parts = readInsertParts(text);
        if (parts) {
          for (const row of parts.rows) expect(row.start <= row.end && row.end <= text.length).toBe(true);
          for (const call of parts.valuesCalls) expect(call.span.end <= text.length).toBe(true);
        }
        const model = readDbtModel(text);
        if (model?.config) expect(model.config.span.end <= text.length).toBe(true);
        canonicalDecimal(text);
        keyPartValue({ kind: 'string', value: text }, { name: 'c', type: { name: 'VARCHAR', unsigned: false }, nullable: true, autoIncrement: false, collation: 'utf8mb4_0900_ai_ci' }, { column: 'c', prefixLength: 3 });
        lintText(text);
      }),
      { numRuns: 300 },
    );
  });

  it('canonical decimals compare numbers by value', () => {
    expect(['7', '07', '7.0', '+7', '0.7e1'].map(canonicalDecimal)).toEqual(['7', '7', '7', '7', '7']);
    expect(canonicalDecimal('-0.00')).toBe('0');
    expect(canonicalDecimal('abc')).toBeUndefined();
  });
});
