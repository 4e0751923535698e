/**
 * Stylish output never copies control characters from a file to the terminal: escape sequences,
 * lone carriage returns and bidirectional overrides become visible characters of the same length.
 */
import { describe, expect, it } from 'vitest';
import { lintText } from '../../src/engine/lint.js';
import { summarize } from '../../src/report/result.js';
import { formatStylish } from '../../src/report/stylish.js';
import { escapeForTerminal } from '../../src/report/terminal-text.js';

describe('escapeForTerminal', () => {
  it('keeps the length, tabs and line breaks; replaces ESC, NUL, BEL, lone CR, DEL, C1 and bidi controls', () => {
    const raw = 'a\u001b[2J\u0000\u0007\tb\r\nc\rd\u007f\u009b\u202eé😀';
    const safe = escapeForTerminal(raw);
    expect(safe).toHaveLength(raw.length);
    expect(safe).toBe('a\u241b[2J\u2400\u2407\tb\r\nc\u240dd\u2421\ufffd\ufffdé😀');
  });
});

describe('stylish', () => {
  it('prints the code frame and the message without raw control characters, carets in place', () => {
    const text = "REPLACE INTO `t\u001b]0;owned\u0007` VALUES ('\u001b[31mred\u001b[0m');\n";
    const file = lintText(text, { filePath: 'db/V1__\u001b[1mx.sql' });
    expect(file.diagnostics.length).toBeGreaterThan(0);
    const output = formatStylish({ files: [file], summary: summarize([file]) }, { color: false });
    expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(output).toContain('\u241b[31mred\u241b[0m');
    expect(output).toContain('db/V1__\u241b[1mx.sql');
    // The caret line under the statement starts at column 1, as before escaping.
    expect(output).toMatch(/> 1 \| REPLACE INTO `t\u241b\]0;owned\u2407`/);
  });

  it('escapes values read from the database in the live evidence too', () => {
    const file = lintText('ALTER TABLE users ADD UNIQUE KEY uk (email);\n', { filePath: 'V2__k.sql', history: ['CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(50));'] });
    const [finding] = file.diagnostics;
    expect(finding?.ruleId).toBe('add-unique-key');
    finding!.live = { verdict: 'fails', duplicateGroups: 1, rowsScanned: 2, samples: [{ values: ['a\u001b[2Jb'], count: 2 }], reason: '1 duplicate group(s) among 2 rows, e.g. "a\u001b[2Jb" x2; note \u001b]0;x\u0007' };
    const output = formatStylish({ files: [file], summary: summarize([file]) }, { color: false });
    expect(output).toContain('live: fails');
    expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(output).toContain('a\u241b[2Jb');
  });
});
