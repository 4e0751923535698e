/**
 * textModeConflict (src/live/statement-probes.ts): the file's sql_mode flags that make an
 * UPDATE's text read differently from the live check's own session.
 */
import { describe, expect, it } from 'vitest';
import { textModeConflict } from '../../src/live/statement-probes.js';

describe('textModeConflict', () => {
  it('names the flag only when the text holds what it changes', () => {
    expect(textModeConflict('STRICT_TRANS_TABLES,ANSI_QUOTES', ['"a"'])).toBe('ANSI_QUOTES');
    expect(textModeConflict('STRICT_TRANS_TABLES,ANSI_QUOTES', ["'a'"])).toBeUndefined();
    expect(textModeConflict('NO_BACKSLASH_ESCAPES', ["'a\\n'"])).toBe('NO_BACKSLASH_ESCAPES');
    expect(textModeConflict('PIPES_AS_CONCAT', ['a || b'])).toBe('PIPES_AS_CONCAT');
    expect(textModeConflict('', ['a || b', '"x"', "'\\n'"])).toBeUndefined();
    expect(textModeConflict('HIGH_NOT_PRECEDENCE', ['NOT a BETWEEN 1 AND 2'])).toBe('HIGH_NOT_PRECEDENCE');
    expect(textModeConflict('IGNORE_SPACE', ['LOWER (code)'])).toBe('IGNORE_SPACE');
    expect(textModeConflict('IGNORE_SPACE', ['LOWER(code)'])).toBeUndefined();
  });

  it('reads a combination mode as holding the flags it sets', () => {
    expect(textModeConflict('ANSI', ['"a"'])).toBe('ANSI (ANSI_QUOTES)');
    expect(textModeConflict('oracle', ['a || b'])).toBe('ORACLE (PIPES_AS_CONCAT)');
  });
});
