/**
 * The rdjson format against a JSON Schema of reviewdog's `DiagnosticResult`, written here from the
 * message definitions of reviewdog's `proto/rdf/reviewdog.proto` (field names, the Severity enum,
 * Range.start required, the proto3 JSON mapping: enums by name or number) and stricter than the
 * schema generated there (no unknown fields, positions with a line of at least 1); UTF-8 byte
 * columns; suggestions from real fixes that rebuild the fixed text byte for byte.
 */
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { LineIndex, type Diagnostic } from '../../src/diagnostic.js';
import { MigrationLinter } from '../../src/engine/lint.js';
import { formatRdjson, toRdjson, utf8Position } from '../../src/report/rdjson.js';
import { summarize, type RunResult } from '../../src/report/result.js';
import { sharedResults } from './shared-results.js';

const position = {
  type: 'object',
  additionalProperties: false,
  properties: { line: { type: 'integer', minimum: 1 }, column: { type: 'integer', minimum: 1 } },
};
const range = { type: 'object', additionalProperties: false, required: ['start'], properties: { start: position, end: position } };
const source = { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1 }, url: { type: 'string' } } };
const severity = { oneOf: [{ enum: ['UNKNOWN_SEVERITY', 'ERROR', 'WARNING', 'INFO'] }, { enum: [0, 1, 2, 3] }] };
const rdjsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['diagnostics'],
  properties: {
    source,
    severity,
    diagnostics: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['message', 'location'],
        properties: {
          message: { type: 'string', minLength: 1 },
          location: { type: 'object', additionalProperties: false, required: ['path'], properties: { path: { type: 'string', minLength: 1 }, range } },
          severity,
          source,
          code: { type: 'object', additionalProperties: false, required: ['value'], properties: { value: { type: 'string', minLength: 1 }, url: { type: 'string' } } },
          suggestions: {
            type: 'array',
            items: { type: 'object', additionalProperties: false, required: ['range', 'text'], properties: { range, text: { type: 'string' } } },
          },
          original_output: { type: 'string' },
        },
      },
    },
  },
};

// The package is CommonJS: its class is the module's `default` export property.
type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null };
const Ajv = (AjvModule as unknown as { default: new (options: object) => { compile(schema: object): Validator } }).default;
const validate = new Ajv({ allErrors: true }).compile(rdjsonSchema);

/** Lints `sql` as one file with the real rules. */
function lintText(sql: string, file = 'db/V3__upsert.sql'): RunResult {
  const result = new MigrationLinter({ dialect: 'mysql', serverVersion: '8.0.36' }).lint(file, sql);
  return { files: [result], summary: summarize([result]) };
}

/** Applies rdjson suggestions to `text` by their line and UTF-8 byte column, as reviewdog does. */
function applySuggestions(text: string, suggestions: { range: { start: { line: number; column: number }; end: { line: number; column: number } }; text: string }[]): string {
  const bytes = Buffer.from(text, 'utf8');
  const lineStarts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) lineStarts.push(i + 1);
  const byteOffset = (at: { line: number; column: number }): number => lineStarts[at.line - 1]! + at.column - 1;
  let out = bytes;
  for (const suggestion of [...suggestions].sort((a, b) => byteOffset(b.range.start) - byteOffset(a.range.start))) {
    out = Buffer.concat([out.subarray(0, byteOffset(suggestion.range.start)), Buffer.from(suggestion.text, 'utf8'), out.subarray(byteOffset(suggestion.range.end))]);
  }
  return out.toString('utf8');
}

describe('rdjson', () => {
  it('the shared results are valid against the DiagnosticResult schema, one diagnostic per finding', () => {
    const document = JSON.parse(formatRdjson(sharedResults));
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(document.diagnostics).toHaveLength(sharedResults.summary.errors + sharedResults.summary.warnings + sharedResults.summary.infos);
    expect(document.source).toEqual({ name: 'uniqlint', url: 'https://github.com/uniqlint/uniqlint' });
    const [first] = document.diagnostics;
    expect(first.severity).toBe('ERROR');
    expect(first.code).toEqual({ value: 'add-unique-key', url: 'https://github.com/uniqlint/uniqlint/blob/main/docs/rules/add-unique-key.md' });
    expect(first.location).toEqual({ path: 'db/migrations/V2__users, "emails" & more.sql', range: { start: { line: 2, column: 1 }, end: { line: 3, column: 34 } } });
    expect(first.message.split('\n')).toEqual([
      'ADD UNIQUE `uk_email` may fail with ERROR 1062: `users` may already hold two rows with the same `email`',
      'note: rows with a NULL key part never collide',
      'note: the key compares under utf8mb4_0900_ai_ci: "A" & "a" are one <value>',
      'help: run this query first and fix or remove the rows it returns:',
      '  SELECT email, COUNT(*) FROM users GROUP BY email HAVING COUNT(*) > 1;',
    ]);
    expect(document.diagnostics.map((d: { severity: string }) => d.severity)).toEqual(['ERROR', 'WARNING', 'WARNING', 'INFO']);
  });

  it('the schema check is not vacuous: a broken document fails it', () => {
    const broken = structuredClone(toRdjson(sharedResults)) as unknown as { diagnostics: Record<string, unknown>[] };
    delete broken.diagnostics[0]!.message;
    (broken.diagnostics[1]!.location as { range: { start: { line: number } } }).range.start.line = 0;
    broken.diagnostics[2]!.severity = 'FATAL';
    expect(validate(broken)).toBe(false);
    expect(validate.errors!.length).toBeGreaterThanOrEqual(3);
  });

  it('counts columns in UTF-8 bytes, as the format defines them', () => {
    const text = "-- é𐐀\nSELECT 'é𐐀' AS x, y;\n";
    const lines = new LineIndex(text);
    const y = text.indexOf('y;');
    // 'é' is 2 bytes (1 UTF-16 unit), '𐐀' 4 bytes (2 units).
    expect(lines.position(y).column).toBe(20);
    expect(utf8Position(text, lines.position(y))).toEqual({ line: 2, column: 23 });
    expect(utf8Position(text, lines.position(0))).toEqual({ line: 1, column: 1 });
  });

  it('turns a suggested fix into a suggestion that rebuilds the fixed text byte for byte', () => {
    const sql = "-- réglages 𐐀\nINSERT INTO settings (name, value) VALUES ('thème', 'dark') ON DUPLICATE KEY UPDATE value = VALUES(value);\n";
    const result = lintText(sql);
    const fixed = result.files[0]!.diagnostics.filter((diagnostic: Diagnostic) => diagnostic.fix);
    expect(fixed.map((diagnostic) => diagnostic.ruleId)).toEqual(['upsert-values-function']);
    const fix = fixed[0]!.fix!;
    const expected = sql.slice(0, fix.range.startOffset) + fix.text + sql.slice(fix.range.endOffset);
    const document = toRdjson(result);
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    const diagnostic = document.diagnostics.find((entry) => entry.code.value === 'upsert-values-function')!;
    expect(diagnostic.suggestions).toHaveLength(1);
    expect(applySuggestions(sql, diagnostic.suggestions!)).toBe(expected);
    expect(diagnostic.message).toContain(`suggested fix: ${fix.description}`);
    expect(diagnostic.message).not.toContain('not marked safe');
  });

  it('says so when a suggestion is not marked safe', () => {
    const result = lintText('CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY);\n', 'db/V1__t.sql');
    const withFix = result.files[0]!.diagnostics.find((diagnostic) => diagnostic.fix);
    expect(withFix).toBeDefined();
    withFix!.fix!.safe = false;
    const diagnostic = toRdjson(result).diagnostics.find((entry) => entry.suggestions)!;
    expect(diagnostic.message).toMatch(/suggested fix: .* \(review before applying: not marked safe\)$/);
  });

  it('carries the live verdict with its numbers in the message', () => {
    const files = structuredClone(sharedResults.files);
    files[1]!.diagnostics[0]!.live = { verdict: 'fails', rowsScanned: 10, duplicateGroups: 1, samples: [{ values: ['a@x.org'], count: 2 }], reason: '1 duplicate group(s) among 10 rows' };
    const document = toRdjson({ files, summary: summarize(files) });
    expect(document.diagnostics[0]!.message.split('\n')[1]).toBe("live: fails: 1 duplicate group among 10 rows, e.g. 'a@x.org' x2");
  });
});
