/**
 * Nesting far deeper than any real migration: thousands of BEGIN, IF, CASE or LOOP levels in a
 * stored program, and thousands of parentheses or CONCAT( in a `SET @s = ...` that a PREPARE
 * uses. Each gives one parse-error diagnostic at the place it gives up, in a linted file or in a
 * history file, and never a stack overflow.
 */
import { describe, expect, it } from 'vitest';
import { lintText } from '../../src/engine/lint.js';
import { MAX_BODY_NESTING } from '../../src/split/program-body.js';
import { MAX_EXPRESSION_NESTING } from '../../src/split/dynamic-sql.js';

const levels = 3_300;
const bodies: Record<string, string> = {
  BEGIN: 'BEGIN '.repeat(levels) + 'SELECT 1; ' + 'END; '.repeat(levels),
  IF: 'IF a THEN '.repeat(levels) + 'SELECT 1; ' + 'END IF; '.repeat(levels),
  CASE: 'CASE WHEN a THEN '.repeat(levels) + 'SELECT 1; ' + 'END CASE; '.repeat(levels),
  LOOP: 'LOOP '.repeat(levels) + 'SELECT 1; ' + 'END LOOP; '.repeat(levels),
};

function procedure(body: string): string {
  return `DELIMITER $$\nCREATE PROCEDURE p()\nBEGIN\n${body}\nEND$$\nDELIMITER ;\nREPLACE INTO t VALUES (1);\n`;
}

describe('deep nesting', () => {
  for (const [what, body] of Object.entries(bodies)) {
    it(`${levels} nested ${what} in a procedure body: one diagnostic, and the next statement is still linted`, () => {
      const result = lintText(procedure(body), { filePath: 'V1__deep.sql' });
      const deep = result.diagnostics.filter((d) => d.message.includes(`nested more than ${MAX_BODY_NESTING} deep`));
      expect(deep).toHaveLength(1);
      expect(deep[0]).toMatchObject({ ruleId: 'parse-error', range: { start: { line: 4 } } });
      expect(result.diagnostics.map((d) => d.ruleId)).toContain('replace-into');
    });
  }

  it('a history file with deep nesting is replayed without a crash', () => {
    const result = lintText('REPLACE INTO t VALUES (1);\n', { filePath: 'V2__next.sql', history: [procedure(bodies.BEGIN!)] });
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['replace-into']);
  });

  it('well below the limit the body is read as before', () => {
    const depth = MAX_BODY_NESTING - 5;
    const result = lintText(procedure('BEGIN '.repeat(depth) + 'REPLACE INTO t VALUES (2); ' + 'END; '.repeat(depth)), { filePath: 'V1__ok.sql' });
    expect(result.diagnostics.filter((d) => d.ruleId === 'replace-into')).toHaveLength(2);
    expect(result.diagnostics.some((d) => d.ruleId === 'parse-error')).toBe(false);
  });

  for (const [what, open] of [['parentheses', '('], ['CONCAT(', 'CONCAT(']] as const) {
    it(`1,900 nested ${what} in SET @s: one diagnostic, the run goes on`, () => {
      const text = `SET @s = ${open.repeat(1_900)}'REPLACE INTO t VALUES (1)'${')'.repeat(1_900)};\nPREPARE st FROM @s;\nREPLACE INTO u VALUES (1);\n`;
      const result = lintText(text, { filePath: 'V1__dynamic.sql' });
      const deep = result.diagnostics.filter((d) => d.message.includes(`nested more than ${MAX_EXPRESSION_NESTING} deep`));
      expect(deep).toHaveLength(1);
      expect(result.diagnostics.filter((d) => d.ruleId === 'replace-into').map((d) => d.range.start.line)).toEqual([3]);
    });
  }

  it('a shallow CONCAT in SET @s is still followed into the PREPARE', () => {
    const text = `SET @s = CONCAT(CONCAT('REPLACE INTO t ', 'VALUES (1)'));\nPREPARE st FROM @s;\n`;
    expect(lintText(text, { filePath: 'V1__dynamic.sql' }).diagnostics.map((d) => d.ruleId)).toContain('replace-into');
  });
});
