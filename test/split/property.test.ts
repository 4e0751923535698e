import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/diagnostic.js';
import { resolveDynamicSql } from '../../src/split/dynamic-sql.js';
import { tokenize } from '../../src/split/lexer.js';
import { splitStatements } from '../../src/split/splitter.js';
import type { SplitResult, StatementUnit } from '../../src/statement.js';

/** Pieces that exercise every branch of the lexer. */
const SQL_PIECES = [
  "'", '"', '`', '\\', ';', ';;', '-', '--', '-- ', '#', '/', '*', '/*', '*/', '/*!', '/*!50100 ', '/*+', '!',
  '\n', '\r\n', ' ', '\t', 'DELIMITER ', 'delimiter $$\n', 'DELIMITER //\n', 'DELIMITER ;\n', '$$', '//', 'd//',
  '??', 'BEGIN', 'END', 'END IF', 'IF', 'THEN', 'CASE', 'WHEN', 'LOOP', 'REPEAT', 'WHILE', 'DO', ':',
  'CREATE PROCEDURE p() ', 'CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW ', 'CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO ',
  'SELECT ', 'SET @s = ', 'PREPARE s FROM @s', "CONCAT('a', @s)", 'IF(1, "x", \'y\')', 'source x\n', '\\. f\n',
  'a', 'b', 'x', '1', '(', ')', ',', '@', '.', 'é', '😀',
];

const sqlText = fc.array(fc.constantFrom(...SQL_PIECES), { maxLength: 60 }).map((pieces) => pieces.join(''));
/** Text shaped like a stored program with a random body, so that body reading is exercised often. */
const programText = fc
  .tuple(
    fc.constantFrom('', 'DELIMITER $$\n', 'delimiter ;;\n'),
    fc.constantFrom('CREATE PROCEDURE p() BEGIN ', 'CREATE TRIGGER t AFTER INSERT ON x FOR EACH ROW BEGIN ', 'CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN '),
    sqlText,
    fc.constantFrom('END', 'END;', 'END$$', 'END;;', ''),
    sqlText,
  )
  .map((parts) => parts.join(''));
const anyText = fc.oneof(sqlText, programText, fc.string({ unit: 'grapheme-ascii', maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }));

/** Checks the invariants of one statement unit against the file text. */
function checkUnit(unit: StatementUnit, text: string, lineIndex: LineIndex, comments: SplitResult['comments']): void {
  expect(unit.startOffset).toBeGreaterThanOrEqual(0);
  expect(unit.startOffset).toBeLessThan(unit.endOffset);
  expect(unit.endOffset).toBeLessThanOrEqual(text.length);
  expect(unit.sql.length).toBe(unit.endOffset - unit.startOffset);
  expect(unit.range).toEqual(lineIndex.range(unit.startOffset, unit.endOffset));
  const slice = text.slice(unit.startOffset, unit.endOffset);
  const touchesComment = comments.some((c) => c.startOffset < unit.endOffset && c.endOffset > unit.startOffset);
  if (!touchesComment && !slice.includes('/*!') && !slice.includes('/*M!') && !slice.includes('*/')) {
    expect(unit.sql).toBe(slice);
  }
  // Every character of sql is either the source character or a blank standing for a comment.
  for (let index = 0; index < unit.sql.length; index += 1) {
    if (unit.sql[index] !== slice[index]) expect(unit.sql[index]).toBe(' ');
  }
}

describe('splitStatements properties', () => {
  it('never throws, and keeps statements inside the input, in order, without overlap', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = splitStatements(text);
        const lineIndex = new LineIndex(text);
        let previousEnd = 0;
        result.statements.forEach((unit, position) => {
          expect(unit.index).toBe(position);
          expect(unit.origin).toBe('top-level');
          expect(unit.startOffset).toBeGreaterThanOrEqual(previousEnd);
          checkUnit(unit, text, lineIndex, result.comments);
          previousEnd = unit.endOffset;
          let previousInnerEnd = unit.startOffset;
          for (const inner of unit.bodyStatements) {
            expect(inner.origin).toBe('program-body');
            expect(inner.index).toBe(unit.index);
            expect(inner.startOffset).toBeGreaterThanOrEqual(previousInnerEnd);
            expect(inner.endOffset).toBeLessThanOrEqual(unit.endOffset);
            checkUnit(inner, text, lineIndex, result.comments);
            previousInnerEnd = inner.endOffset;
          }
        });
        for (const problem of result.problems) {
          expect(problem.startOffset).toBeGreaterThanOrEqual(0);
          expect(problem.endOffset).toBeLessThanOrEqual(text.length);
        }
        for (const comment of result.comments) {
          expect(comment.startOffset).toBeLessThan(comment.endOffset);
          expect(comment.endOffset).toBeLessThanOrEqual(text.length);
        }
        // Dynamic SQL resolution never throws either, and its units point inside the file.
        for (const units of resolveDynamicSql(result.statements, text).values()) {
          for (const unit of units) {
            expect(unit.origin).toBe('dynamic-sql');
            expect(unit.endOffset).toBeLessThanOrEqual(text.length);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('tokenize never throws and yields ordered tokens inside the requested range', () => {
    fc.assert(
      fc.property(anyText, fc.nat(100), fc.nat(100), (text, a, b) => {
        const start = Math.min(a, b, text.length);
        const end = Math.min(Math.max(a, b), text.length);
        let previousEnd = start;
        for (const token of tokenize(text, start, end)) {
          expect(token.start).toBeGreaterThanOrEqual(previousEnd);
          expect(token.end).toBeGreaterThan(token.start);
          expect(token.end).toBeLessThanOrEqual(end);
          expect(token.text).toBe(text.slice(token.start, token.end));
          previousEnd = token.end;
        }
      }),
      { numRuns: 1000 },
    );
  });
});
