/**
 * Inline suppression directives: every form, every comment style, unknown rules and
 * `unused-disable`.
 */
import { describe, expect, it } from 'vitest';
import { lintText } from '../../src/engine/lint.js';
import { parseDirective } from '../../src/suppress/directives.js';
import type { SourceComment } from '../../src/statement.js';
import addUniqueKey from '../../rules/add-unique-key.js';
import insertIgnore from '../../rules/insert-ignore.js';
import replaceInto from '../../rules/replace-into.js';

/** The rules these tests exercise; other rules that may fire on the same SQL are not run. */
const rules = [addUniqueKey, insertIgnore, replaceInto];

const history = 'CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(191), name VARCHAR(50));';
const addUnique = 'ALTER TABLE users ADD UNIQUE KEY uk_email (email);';
const replace = "REPLACE INTO users (id, email) VALUES (1, 'a@example.com');";

function lint(text: string, ruleSettings = {}) {
  return lintText(text, { history: [history], filePath: 'm.sql', ruleSettings, rules });
}

/** Findings as `line rule`. */
function found(text: string, ruleSettings = {}): string[] {
  return lint(text, ruleSettings).diagnostics.map((d) => `${d.range.start.line} ${d.ruleId}`);
}

function comment(body: string, style: SourceComment['style'] = 'line'): SourceComment {
  return { style, body, startOffset: 0, endOffset: body.length + 2 };
}

describe('parseDirective', () => {
  it('reads the kind, the rule ids and the reason', () => {
    expect(parseDirective(comment(' uniqlint-disable-next-statement add-unique-key, replace-into -- reviewed in #42'))).toMatchObject({
      kind: 'next-statement',
      ruleIds: ['add-unique-key', 'replace-into'],
      reason: 'reviewed in #42',
    });
    expect(parseDirective(comment(' uniqlint-disable-file'))).toMatchObject({ kind: 'file', ruleIds: [] });
    expect(parseDirective(comment(' uniqlint-disable-file insert-ignore replace-into '))).toMatchObject({ kind: 'file', ruleIds: ['insert-ignore', 'replace-into'] });
    expect(parseDirective(comment(' uniqlint-disable-next-statement -- everything here is seed data'))).toMatchObject({ ruleIds: [], reason: 'everything here is seed data' });
    expect(parseDirective(comment('\n * uniqlint-disable-next-statement replace-into\n ', 'block'))).toMatchObject({ kind: 'next-statement', ruleIds: ['replace-into'] });
  });

  it('tells ordinary comments from misspelled directives', () => {
    expect(parseDirective(comment(' add the e-mail key'))).toBeUndefined();
    expect(parseDirective(comment(' see uniqlint-disable-file in the docs'))).toBeUndefined();
    expect(parseDirective(comment(' uniqlint-disable-next-line replace-into'))).toEqual({ word: 'uniqlint-disable-next-line', comment: expect.anything() });
  });
});

describe('uniqlint-disable-next-statement', () => {
  it('is honoured in --, # and /* */ comments', () => {
    expect(found(`${addUnique}\n${replace}\n`)).toEqual(['1 add-unique-key', '2 replace-into']);
    for (const directive of [
      '-- uniqlint-disable-next-statement add-unique-key -- checked, no duplicates',
      '# uniqlint-disable-next-statement add-unique-key',
      '/* uniqlint-disable-next-statement add-unique-key */',
      '/*\n  uniqlint-disable-next-statement add-unique-key\n  -- the column was deduplicated by 0041\n*/',
    ]) {
      const lines = directive.split('\n').length;
      expect(found(`${directive}\n${addUnique}\n${replace}\n`), directive).toEqual([`${lines + 2} replace-into`]);
    }
  });

  it('covers only the next statement and only the named rules', () => {
    const text = `-- uniqlint-disable-next-statement replace-into\n${addUnique}\n${replace}\n`;
    // replace-into is not in the next statement: the finding stays, and the directive is unused.
    expect(found(text)).toEqual(['1 unused-disable', '2 add-unique-key', '3 replace-into']);
  });

  it('with no rule id covers every rule of the next statement', () => {
    const result = lint(`-- uniqlint-disable-next-statement\n${addUnique}\n${replace}\n`);
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['replace-into']);
    expect(result.suppressed?.map((d) => d.ruleId)).toEqual(['add-unique-key']);
  });

  it('may stand on the same line after the previous statement', () => {
    expect(found(`${addUnique} /* uniqlint-disable-next-statement replace-into */\n${replace}\n`)).toEqual(['1 add-unique-key']);
  });

  it('reaches statements inside a stored-program body', () => {
    const body = [
      'CREATE PROCEDURE seed()',
      'BEGIN',
      '  -- uniqlint-disable-next-statement replace-into',
      `  ${replace}`,
      `  ${replace}`,
      'END;',
    ].join('\n');
    expect(found(body)).toEqual(['5 replace-into']);
  });
});

describe('uniqlint-disable-file', () => {
  it('with rule ids covers those rules everywhere in the file', () => {
    expect(found(`${addUnique}\n${replace}\n-- uniqlint-disable-file replace-into\n${replace}\n`)).toEqual(['1 add-unique-key']);
  });

  it('with no rule id covers every rule', () => {
    const result = lint(`# uniqlint-disable-file -- legacy migration, applied everywhere\n${addUnique}\n${replace}\n`);
    expect(result.diagnostics).toEqual([]);
    expect(result.suppressed).toHaveLength(2);
  });

  it('in a block comment', () => {
    expect(found(`/* uniqlint-disable-file add-unique-key, replace-into */\n${addUnique}\n${replace}\n`)).toEqual([]);
  });
});

describe('unused-disable', () => {
  it('reports an unknown rule id', () => {
    const result = lint(`-- uniqlint-disable-next-statement add-uniqe-key\n${addUnique}\n`);
    expect(result.diagnostics.map((d) => `${d.range.start.line} ${d.ruleId}`)).toEqual(['1 unused-disable', '2 add-unique-key']);
    expect(result.diagnostics[0]!.message).toContain("unknown rule 'add-uniqe-key'");
    expect(result.diagnostics[0]!.docsUrl).toMatch(/docs\/rules\/unused-disable\.md$/);
    expect(result.diagnostics[0]!.range.end.column).toBe('-- uniqlint-disable-next-statement add-uniqe-key'.length + 1);
  });

  it('reports a misspelled directive', () => {
    const result = lint(`-- uniqlint-disable-next-line add-unique-key\n${addUnique}\n`);
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['unused-disable', 'add-unique-key']);
    expect(result.diagnostics[0]!.message).toContain("'uniqlint-disable-next-line' is not a uniqlint directive");
  });

  it('reports a directive that suppressed nothing, file-wide or per statement', () => {
    expect(found(`-- uniqlint-disable-file insert-ignore\n${addUnique}\n`)).toEqual(['1 unused-disable', '2 add-unique-key']);
    expect(found(`-- uniqlint-disable-next-statement\nSELECT 1;\n`)).toEqual(['1 unused-disable']);
    expect(found(`SELECT 1;\n-- uniqlint-disable-next-statement\n`)).toEqual(['2 unused-disable']);
  });

  it('is not reported for a rule that is off, and follows its own level', () => {
    expect(found(`-- uniqlint-disable-next-statement replace-into\nSELECT 1;\n`, { 'replace-into': 'off' })).toEqual([]);
    expect(found(`-- uniqlint-disable-next-statement\nSELECT 1;\n`, { 'unused-disable': 'off' })).toEqual([]);
    expect(lint(`-- uniqlint-disable-next-statement\nSELECT 1;\n`, { 'unused-disable': 'error' }).diagnostics[0]!.severity).toBe('error');
  });

  it('can itself be silenced for one file', () => {
    expect(found(`-- uniqlint-disable-file unused-disable\n-- uniqlint-disable-next-statement insert-ignore\n${addUnique}\n`)).toEqual(['3 add-unique-key']);
  });
});
