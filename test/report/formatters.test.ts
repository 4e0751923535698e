import { describe, expect, it } from 'vitest';
import { LineIndex, type Diagnostic } from '../../src/diagnostic.js';
import type { FileLintResult } from '../../src/engine/lint.js';
import { formatJson } from '../../src/report/json.js';
import { summarize } from '../../src/report/result.js';
import { codeFrameFor, formatStylish, wrapMessage } from '../../src/report/stylish.js';

const text = [
  'CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(191));',
  'ALTER TABLE users',
  '  ADD UNIQUE KEY uk_email (email);',
  'REPLACE INTO users VALUES (1, \'a@example.com\');',
  '',
].join('\n');
const lines = new LineIndex(text);

function diagnostic(ruleId: string, severity: Diagnostic['severity'], start: number, end: number, message: string, statementIndex: number, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { ruleId, severity, message, file: 'migrations/V2__users.sql', range: lines.range(start, end), statementIndex, ...extra };
}

const alterStart = text.indexOf('ALTER');
const alterEnd = text.indexOf(';', alterStart);
const replaceStart = text.indexOf('REPLACE');
const file: FileLintResult = {
  path: 'migrations/V2__users.sql',
  text,
  statements: 3,
  parsed: 3,
  recognised: 0,
  unparsed: 0,
  diagnostics: [
    diagnostic('add-unique-key', 'error', alterStart, alterEnd, 'ALTER TABLE users adds unique key uk_email (email)', 1, {
      help: ['run first:\n  SELECT email, COUNT(*) FROM users GROUP BY email HAVING COUNT(*) > 1;'],
    }),
    diagnostic('replace-into', 'warning', replaceStart, text.indexOf(';', replaceStart), 'REPLACE deletes, then inserts.', 2),
  ],
};
const clean: FileLintResult = { path: 'migrations/V1__init.sql', text: 'SELECT 1;', statements: 1, parsed: 1, recognised: 0, unparsed: 0, diagnostics: [] };
const result = { files: [clean, file], summary: summarize([clean, file]) };

describe('summarize', () => {
  it('adds up statements and severities', () => {
    expect(result.summary).toEqual({ files: 2, statements: 4, parsed: 4, recognised: 0, unparsed: 0, errors: 1, warnings: 1, infos: 0 });
  });
});

describe('formatJson', () => {
  it('has the documented stable shape', () => {
    const document = JSON.parse(formatJson(result, { toolVersion: '1.2.3' }));
    expect(Object.keys(document)).toEqual(['version', 'files', 'summary']);
    expect(document.version).toBe('1.2.3');
    expect(document.files[1].path).toBe('migrations/V2__users.sql');
    expect(document.files[1].diagnostics[0]).toEqual({
      ruleId: 'add-unique-key',
      severity: 'error',
      message: file.diagnostics[0]!.message,
      notes: [],
      help: file.diagnostics[0]!.help,
      line: 2,
      column: 1,
      endLine: 3,
      endColumn: 34,
      statementIndex: 1,
    });
    expect(document.summary).toEqual(result.summary);
  });

  it('never contains colour codes', () => {
    expect(formatJson(result)).not.toMatch(/\u001b\[/);
  });
});

describe('formatStylish', () => {
  it('renders rows, messages, code frames and the summary line', () => {
    const output = formatStylish(result, { color: false });
    expect(output).toMatchSnapshot();
    expect(output).toContain('  2:1  error[add-unique-key]: ALTER TABLE users adds unique key uk_email (email)\n       help: run first:\n               SELECT email,');
    expect(output).toContain('> 2 | ALTER TABLE users');
    expect(output).not.toContain('V1__init.sql');
    expect(output.trimEnd().split('\n').at(-1)).toBe('✖ 2 problems (1 error, 1 warning) in 2 files, 4 statements (0 not parsed)');
  });

  it('uses colour only when asked', () => {
    expect(formatStylish(result, { color: false })).not.toMatch(/\u001b\[/);
    expect(formatStylish(result, { color: true })).toMatch(/\u001b\[/);
  });

  it('says so when there is nothing to report', () => {
    const output = formatStylish({ files: [clean], summary: summarize([clean]) }, { color: false });
    expect(output).toBe('✔ no problems in 1 file, 1 statement (0 not parsed)\n');
  });
});

describe('codeFrameFor', () => {
  it('frames a window of a huge file and cuts long lines', () => {
    const big = `${'-- filler\n'.repeat(50_000)}INSERT INTO t VALUES ${'(1),'.repeat(20_000)}(2);\nSELECT 1;\n`;
    const bigLines = new LineIndex(big);
    const start = big.indexOf('INSERT');
    const frame = codeFrameFor(big, { ...file.diagnostics[1]!, range: bigLines.range(start, big.indexOf(';', start)) }, false);
    expect(frame).toContain('> 50001 | INSERT INTO t VALUES (1)');
    expect(frame).toContain('…');
    expect(frame.split('\n').every((row) => row.length < 200)).toBe(true);
    const colored = codeFrameFor(big, { ...file.diagnostics[1]!, range: bigLines.range(start, big.indexOf(';', start)) }, true);
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(frame);
  });
});

describe('wrapMessage', () => {
  it('wraps prose at the width and keeps indented lines whole', () => {
    const message = `${'word '.repeat(40).trim()}\n  SELECT a, COUNT(*) FROM t WHERE a IS NOT NULL GROUP BY a HAVING COUNT(*) > 1;`;
    const lines = wrapMessage(message, 30);
    expect(lines.slice(0, -1).every((line) => line.length <= 30)).toBe(true);
    expect(lines.slice(0, -1).join(' ')).toBe('word '.repeat(40).trim());
    expect(lines.at(-1)).toBe('  SELECT a, COUNT(*) FROM t WHERE a IS NOT NULL GROUP BY a HAVING COUNT(*) > 1;');
  });
});
