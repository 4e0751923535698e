/**
 * The LSP shapes of findings (src/lsp/protocol.ts): positions in UTF-16 units, the suppression
 * comment's placement (checked by linting the edited text again), and the applied-migration rule.
 */
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintText } from '../../src/engine/lint.js';
import { codeActionsFor, hoverAt, suppressionEdit, toLspDiagnostic } from '../../src/lsp/protocol.js';
import { splitStatements } from '../../src/split/splitter.js';

const history = ['CREATE TABLE users (id BIGINT NOT NULL PRIMARY KEY, email VARCHAR(255) NOT NULL, name VARCHAR(50));'];

function lint(text: string) {
  return lintText(text, { history }).diagnostics;
}

/** Inserts the suppression comment for the first finding of `ruleId`, and lints the result. */
function suppressFirst(text: string, ruleId: string): { edited: string; after: string[] } {
  const document = TextDocument.create('file:///m.sql', 'sql', 1, text);
  const diagnostic = lint(text).find((candidate) => candidate.ruleId === ruleId)!;
  expect(diagnostic, `a ${ruleId} finding in ${JSON.stringify(text)}`).toBeDefined();
  const edit = suppressionEdit(document, splitStatements(text).statements, diagnostic);
  const edited = TextDocument.applyEdits(document, [edit]);
  return { edited, after: lint(edited).map((finding) => finding.ruleId) };
}

describe('suppressionEdit', () => {
  it('puts a -- comment line above a statement that begins its line, keeping CRLF line ends', () => {
    const text = 'SELECT 1;\r\n  ALTER TABLE users ADD UNIQUE KEY uq_email (email);\r\n';
    const { edited, after } = suppressFirst(text, 'add-unique-key');
    expect(edited).toBe('SELECT 1;\r\n  -- uniqlint-disable-next-statement add-unique-key\r\n  ALTER TABLE users ADD UNIQUE KEY uq_email (email);\r\n');
    expect(after).toEqual([]);
  });

  it('puts a /* */ comment just before a statement that shares its line with another', () => {
    const text = 'SELECT 1; ALTER TABLE users ADD UNIQUE KEY uq_email (email);\n';
    const { edited, after } = suppressFirst(text, 'add-unique-key');
    expect(edited).toBe('SELECT 1; /* uniqlint-disable-next-statement add-unique-key */ ALTER TABLE users ADD UNIQUE KEY uq_email (email);\n');
    expect(after).toEqual([]);
  });

  it('covers a statement that spans lines, whichever line the finding is on', () => {
    const text = 'ALTER TABLE users\n  ADD COLUMN code VARCHAR(8),\n  ADD UNIQUE KEY uq_name (name);\n';
    const { edited, after } = suppressFirst(text, 'add-unique-key');
    expect(edited.split('\n')[0]).toBe('-- uniqlint-disable-next-statement add-unique-key');
    expect(after).not.toContain('add-unique-key');
    expect(after).not.toContain('unused-disable');
  });
});

describe('toLspDiagnostic and hoverAt', () => {
  it('counts characters in UTF-16 code units, as LSP does by default', () => {
    // An emoji is two UTF-16 code units: the finding after it starts two characters later.
    const text = "SELECT 'é';\n/* 🙂 */ ALTER TABLE users ADD UNIQUE KEY uq_email (email);\n";
    const document = TextDocument.create('file:///m.sql', 'sql', 1, text);
    const diagnostic = lint(text).find((candidate) => candidate.ruleId === 'add-unique-key')!;
    const lsp = toLspDiagnostic(diagnostic, document);
    // `/* 🙂 */ ` is 9 UTF-16 code units (the emoji counts 2), `ALTER TABLE users ADD ` 22 more.
    expect(lsp.range.start).toEqual({ line: 1, character: 31 });
    expect(document.getText(lsp.range)).toBe('UNIQUE KEY uq_email (email)');
    expect(hoverAt([diagnostic], document, { line: 1, character: 40 })).not.toBeNull();
    expect(hoverAt([diagnostic], document, { line: 1, character: 3 })).toBeNull();
  });
});

describe('codeActionsFor', () => {
  const text = 'CREATE TABLE orders (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY);\n';
  const document = TextDocument.create('file:///m.sql', 'sql', 1, text);
  const diagnostics = lint(text);
  const whole = { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } };

  it('offers the safe fix and the comment for a file that may be edited', () => {
    const actions = codeActionsFor({ uri: 'file:///m.sql', document, diagnostics, range: whole, appliedReason: undefined, disabledSupport: true });
    expect(actions.map((action) => [action.kind, action.title])).toEqual([
      ['quickfix', 'Fix: Declare the column BIGINT (the table is new and holds no rows)'],
      ['quickfix', 'Disable int-auto-increment for this statement'],
      ['source.fixAll.uniqlint', 'Fix all safe uniqlint findings (1)'],
    ]);
  });

  it('offers no edit at all for an applied migration, and a disabled action only to clients that show them', () => {
    const reason = 'is committed and unchanged since HEAD, so it may already be applied';
    const shown = codeActionsFor({ uri: 'file:///m.sql', document, diagnostics, range: whole, appliedReason: reason, disabledSupport: true });
    expect(shown.map((action) => [action.edit, action.disabled?.reason])).toEqual([[undefined, `not offered: this file ${reason}; fix it forward in a new migration`]]);
    expect(codeActionsFor({ uri: 'file:///m.sql', document, diagnostics, range: whole, appliedReason: reason, disabledSupport: false })).toEqual([]);
  });

  it('leaves out an unsafe fix, as --fix does', () => {
    const referenced = 'CREATE TABLE parent (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY);\nCREATE TABLE child (id BIGINT PRIMARY KEY, parent_id INT, FOREIGN KEY (parent_id) REFERENCES parent (id));\n';
    const found = lint(referenced).filter((diagnostic) => diagnostic.ruleId === 'int-auto-increment');
    expect(found[0]?.fix?.safe).toBe(false);
    const actions = codeActionsFor({
      uri: 'file:///m.sql',
      document: TextDocument.create('file:///m.sql', 'sql', 1, referenced),
      diagnostics: found,
      range: whole,
      appliedReason: undefined,
      disabledSupport: false,
    });
    expect(actions.map((action) => action.title)).toEqual(['Disable int-auto-increment for this statement']);
  });
});
