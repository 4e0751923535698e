/**
 * One snapshot per formatter over the same results; SARIF validated against the SARIF 2.1.0
 * JSON Schema and GitHub's required fields; GitLab fingerprints unique per finding; escaping.
 *
 * The schema file `sarif-2.1.0-rtm.5.schema.json` is the one the npm package
 * `@microsoft/jest-sarif` (MIT) ships as `lib/schemas/sarif-2.1.0-rtm.5.json`, the final 2.1.0
 * schema; it is draft-04, hence ajv-draft-04.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04Module from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { annotationFor, escapeData, escapeProperty, formatGithub } from '../../src/report/github.js';
import { formatGitlab } from '../../src/report/gitlab.js';
import { formatJson } from '../../src/report/json.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatStylish } from '../../src/report/stylish.js';
import { identifyFindings } from '../../src/report/fingerprint.js';
import { sharedResults, sharedRuleMetas } from './shared-results.js';

// The package is CommonJS: its class is the module's `default` export property.
type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null };
const AjvDraft04 = (AjvDraft04Module as unknown as { default: new (options: object) => { compile(schema: object): Validator } }).default;
/** The SARIF schema's `language` pattern is not a valid Unicode-mode regular expression. */
const ajvOptions = { allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false } as const;

const here = path.dirname(fileURLToPath(import.meta.url));
const rules = allRules.map((rule) => rule.meta);
const sarifText = formatSarif(sharedResults, { rules, toolVersion: '0.1.0' });
const sarif = JSON.parse(sarifText);
const findings = sharedResults.files.flatMap((file) => file.diagnostics);

describe('snapshots over the shared results', () => {
  it('stylish', () => expect(formatStylish(sharedResults, { color: false })).toMatchSnapshot());
  it('json', () => expect(formatJson(sharedResults)).toMatchSnapshot());
  it('sarif', () => expect(formatSarif(sharedResults, { rules: sharedRuleMetas, toolVersion: '0.0.0' })).toMatchSnapshot());
  it('github', () => expect(formatGithub(sharedResults, { minimumSeverity: 'info' })).toMatchSnapshot());
  it('gitlab', () => expect(formatGitlab(sharedResults)).toMatchSnapshot());
  it('junit', () => expect(formatJunit(sharedResults)).toMatchSnapshot());
});

describe('machine formats', () => {
  it('never contain colour or annotations', () => {
    for (const output of [formatJson(sharedResults), sarifText, formatGitlab(sharedResults), formatJunit(sharedResults)]) {
      expect(output).not.toMatch(/\u001b\[/);
      expect(output).not.toMatch(/^::(error|warning|notice)/m);
    }
  });
});

describe('sarif', () => {
  it('is valid against the SARIF 2.1.0 JSON Schema', () => {
    const schema = JSON.parse(readFileSync(path.join(here, 'sarif-2.1.0-rtm.5.schema.json'), 'utf8'));
    const validate = new AjvDraft04(ajvOptions).compile(schema);
    const valid = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check is not vacuous: a broken log fails it', () => {
    const schema = JSON.parse(readFileSync(path.join(here, 'sarif-2.1.0-rtm.5.schema.json'), 'utf8'));
    const validate = new AjvDraft04(ajvOptions).compile(schema);
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    broken.runs[0].results[0].level = 'fatal';
    expect(validate(broken)).toBe(false);
  });

  it('has every property GitHub code scanning requires, non-empty', () => {
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('uniqlint');
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(rules.map((meta) => meta.id));
    for (const rule of run.tool.driver.rules) {
      expect(rule.id).toMatch(/^[a-z0-9-]+$/);
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.fullDescription.text.length).toBeGreaterThan(0);
      expect(rule.fullDescription.text.length).toBeLessThanOrEqual(1024);
      expect(rule.help.text.length).toBeGreaterThan(0);
      expect(rule.help.text).toContain(`docs/rules/${rule.id}.md`);
      expect(rule.helpUri).toMatch(new RegExp(`/docs/rules/${rule.id}\\.md$`));
    }
    expect(run.results).toHaveLength(findings.length);
    run.results.forEach((result: any, index: number) => {
      const diagnostic = findings[index]!;
      expect(result.message.text).toBe(diagnostic.message);
      expect(result.locations).toHaveLength(1);
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('db/migrations/V2__users%2C%20%22emails%22%20%26%20more.sql');
      expect(result.locations[0].physicalLocation.region).toMatchObject({
        startLine: diagnostic.range.start.line,
        startColumn: diagnostic.range.start.column,
        endLine: diagnostic.range.end.line,
        endColumn: diagnostic.range.end.column,
      });
      expect(result.partialFingerprints['uniqlint/findingHash/v1']).toMatch(/^[0-9a-f]{16}:\d+$/);
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    });
    expect(run.results.map((result: any) => result.level)).toEqual(['error', 'warning', 'warning', 'note']);
  });

  it('fingerprints ignore line shifts but tell repeated findings apart', () => {
    const hashes = sarif.runs[0].results.map((result: any) => result.partialFingerprints['uniqlint/findingHash/v1']);
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(hashes[1].split(':')[0]).toBe(hashes[2].split(':')[0]);
    const file = sharedResults.files[1]!;
    const shifted = '\n\n-- a new comment\n' + file.text;
    const moved = file.diagnostics.map((d) => ({
      ...d,
      range: {
        start: { ...d.range.start, offset: d.range.start.offset + 19, line: d.range.start.line + 3 },
        end: { ...d.range.end, offset: d.range.end.offset + 19, line: d.range.end.line + 3 },
      },
    }));
    expect(identifyFindings(file.path, shifted, moved)).toEqual(identifyFindings(file.path, file.text, file.diagnostics));
  });
});

describe('gitlab', () => {
  const report = JSON.parse(formatGitlab(sharedResults));

  it('has the required fields and one fingerprint per finding', () => {
    expect(report).toHaveLength(findings.length);
    for (const issue of report) {
      expect(typeof issue.description).toBe('string');
      expect(issue.check_name).toMatch(/^[a-z-]+$/);
      expect(issue.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
      expect(issue.location.path).toBe(sharedResults.files[1]!.path);
      expect(Number.isInteger(issue.location.lines.begin)).toBe(true);
    }
    const fingerprints = report.map((issue: { fingerprint: string }) => issue.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    expect(report.map((issue: { severity: string }) => issue.severity)).toEqual(['major', 'minor', 'minor', 'info']);
  });

  it('is a JSON array without a byte-order mark', () => {
    expect(formatGitlab(sharedResults).charCodeAt(0)).toBe('['.charCodeAt(0));
    expect(formatGitlab({ files: [], summary: sharedResults.summary })).toBe('[]\n');
  });
});

describe('github', () => {
  it('escapes data and properties as the runner expects', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    const line = annotationFor('a,b:c.sql', findings[0]!);
    expect(line.startsWith('::error file=a%2Cb%3Ac.sql,line=2,col=1,endLine=3,endColumn=33,title=uniqlint add-unique-key::')).toBe(true);
    expect(line).not.toContain('\n');
  });

  it('leaves infos out unless the minimum severity asks for them', () => {
    expect(formatGithub(sharedResults)).not.toContain('::notice');
    expect(formatGithub(sharedResults, { minimumSeverity: 'error' }).trimEnd().split('\n')).toHaveLength(1);
  });

  it('puts the notes and help under the headline of the annotation', () => {
    const [first] = formatGithub(sharedResults).split('\n');
    expect(first).toContain('::ADD UNIQUE `uk_email` may fail with ERROR 1062: `users` may already hold two rows with the same `email`%0Anote: rows with a NULL key part never collide%0A');
    expect(first).toContain('%0Ahelp: run this query first and fix or remove the rows it returns:%0A  SELECT email');
  });

  it('maps info to notice and uses an inclusive end column', () => {
    const lines = formatGithub(sharedResults, { minimumSeverity: 'info' }).trimEnd().split('\n');
    expect(lines.map((line) => line.slice(2, line.indexOf(' ')))).toEqual(['error', 'warning', 'warning', 'notice']);
    const info = findings[3]!;
    expect(lines[3]).toContain(`col=${info.range.start.column},endLine=${info.range.end.line},endColumn=${info.range.end.column - 1},`);
  });
});

describe('junit', () => {
  const xml = formatJunit(sharedResults);
  it('has one suite per file, unique test names, and escaped text', () => {
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml).toContain('<testcase classname="db/migrations/V1__init.sql" name="uniqlint"/>');
    const names = [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"/g)].map((match) => `${match[1]} ${match[2]}`);
    expect(new Set(names).size).toBe(names.length);
    expect(xml).toContain('name="replace-into (4:1)"');
    expect(xml).toContain('name="replace-into (5:1)"');
    expect(xml).toContain('V2__users, &quot;emails&quot; &amp; more.sql');
    expect(xml).not.toMatch(/<dark>/);
    expect(xml).toContain('tests="5" failures="4"');
  });
});
