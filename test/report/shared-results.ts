/**
 * One set of run results shared by every formatter's snapshot test: two files, every severity,
 * a multi-line range, a finding repeated on identical text, notes and help with a code line,
 * characters that need escaping in each format, and a clean file.
 */
import { LineIndex, type Diagnostic } from '../../src/diagnostic.js';
import type { FileLintResult } from '../../src/engine/lint.js';
import { docsUrlFor } from '../../src/docs-url.js';
import { summarize, type RunResult } from '../../src/report/result.js';
import type { RuleMeta } from '../../src/rule.js';

/** A finding's text: the headline alone, or the headline with notes and help. */
type Text = string | { message: string; notes?: string[]; help?: string[] };

function diagnostics(file: string, text: string, specs: [string, Diagnostic['severity'], string, Text, number][]): Diagnostic[] {
  const lines = new LineIndex(text);
  let searchFrom = 0;
  return specs.map(([ruleId, severity, flagged, parts, statementIndex]) => {
    const start = text.indexOf(flagged, searchFrom);
    if (start === -1) throw new Error(`fixture text lacks ${flagged}`);
    searchFrom = start + 1;
    const textParts = typeof parts === 'string' ? { message: parts } : parts;
    return { ruleId, severity, ...textParts, file, range: lines.range(start, start + flagged.length), statementIndex, docsUrl: docsUrlFor(ruleId) };
  });
}

const usersPath = 'db/migrations/V2__users, "emails" & more.sql';
const usersText = [
  '-- users must be unique by e-mail',
  'ALTER TABLE users',
  '  ADD UNIQUE KEY uk_email (email);',
  "REPLACE INTO settings (name, value) VALUES ('theme', '<dark>');",
  "REPLACE INTO settings (name, value) VALUES ('theme', '<dark>');",
  'CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY);',
  '',
].join('\n');

const users: FileLintResult = {
  path: usersPath,
  text: usersText,
  statements: 4,
  parsed: 4,
  recognised: 0,
  unparsed: 0,
  diagnostics: diagnostics(usersPath, usersText, [
    [
      'add-unique-key',
      'error',
      'ALTER TABLE users\n  ADD UNIQUE KEY uk_email (email)',
      {
        message: 'ADD UNIQUE `uk_email` may fail with ERROR 1062: `users` may already hold two rows with the same `email`',
        notes: ['rows with a NULL key part never collide', 'the key compares under utf8mb4_0900_ai_ci: "A" & "a" are one <value>'],
        help: ['run this query first and fix or remove the rows it returns:\n  SELECT email, COUNT(*) FROM users GROUP BY email HAVING COUNT(*) > 1;'],
      },
      0,
    ],
    ['replace-into', 'warning', "REPLACE INTO settings (name, value) VALUES ('theme', '<dark>')", "REPLACE deletes the existing row 'theme' & inserts a new one: 100% of its other columns are lost.", 1],
    ['replace-into', 'warning', "REPLACE INTO settings (name, value) VALUES ('theme', '<dark>')", "REPLACE deletes the existing row 'theme' & inserts a new one: 100% of its other columns are lost.", 2],
    ['int-auto-increment', 'info', 'id INT AUTO_INCREMENT', 'INT AUTO_INCREMENT stops at 2,147,483,647; use BIGINT UNSIGNED.', 3],
  ]),
};

const cleanText = 'CREATE TABLE users (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, email VARCHAR(191));\n';
const clean: FileLintResult = { path: 'db/migrations/V1__init.sql', text: cleanText, statements: 1, parsed: 1, recognised: 0, unparsed: 0, diagnostics: [] };

/** The shared results: a clean file, then a file with four findings. */
export const sharedResults: RunResult = { files: [clean, users], summary: summarize([clean, users]) };

/** Fixed rule metadata for the SARIF snapshot, so that edits of real rule texts do not change it. */
export const sharedRuleMetas: RuleMeta[] = ['add-unique-key', 'replace-into', 'int-auto-increment'].map((id) => ({
  id,
  summary: `Summary of ${id}.`,
  rationale: `Why ${id} matters, with "quotes" & <brackets>.`,
  defaultSeverity: id === 'add-unique-key' ? 'error' : 'warning',
  tags: ['mysql'],
  fix: `How to fix ${id}.`,
  equivalents: [],
  examples: { valid: [], invalid: [] },
}));
