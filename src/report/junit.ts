/**
 * The `junit` format: JUnit XML for CI test dashboards (GitLab unit test reports, Jenkins,
 * Azure Pipelines). There is no single JUnit standard; this follows the common shape
 * `<testsuites><testsuite><testcase classname name><failure/></testcase></testsuite></testsuites>`.
 *
 * One `testsuite` per linted file; one failing `testcase` per diagnostic, named
 * `<rule-id> (<line>:<column>)` (GitLab keeps only the first of equal classname + name pairs, so a
 * repeated name gets ` #2`, ` #3`, ...); a file without findings gets one passing `testcase`.
 * Every finding, whatever its severity, is a `failure` whose `type` is the severity: the exit
 * code, not the report, decides whether the job fails. The failure's `message` attribute is the
 * headline; its text holds the headline, the notes and the help. Never contains colour or annotations.
 */
import { diagnosticText } from '../diagnostic.js';
import type { RunResult } from './result.js';

/** Escapes text for XML attribute values and text, dropping characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Renders a run as JUnit XML (with a trailing newline). */
export function formatJunit(result: RunResult): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = result.files.reduce((sum, file) => sum + Math.max(1, file.diagnostics.length), 0);
  const failures = result.files.reduce((sum, file) => sum + file.diagnostics.length, 0);
  out.push(`<testsuites name="uniqlint" tests="${total}" failures="${failures}" errors="0">`);
  for (const file of result.files) {
    const path = escapeXml(file.path);
    const tests = Math.max(1, file.diagnostics.length);
    out.push(`  <testsuite name="${path}" tests="${tests}" failures="${file.diagnostics.length}" errors="0" skipped="0">`);
    if (file.diagnostics.length === 0) out.push(`    <testcase classname="${path}" name="uniqlint"/>`);
    const names = new Map<string, number>();
    for (const diagnostic of file.diagnostics) {
      const { line, column } = diagnostic.range.start;
      let name = `${diagnostic.ruleId} (${line}:${column})`;
      const seen = (names.get(name) ?? 0) + 1;
      names.set(name, seen);
      if (seen > 1) name += ` #${seen}`;
      const [firstLine = ''] = diagnostic.message.split('\n');
      const body = [`${diagnostic.severity}: ${diagnosticText(diagnostic)}`, `at ${file.path}:${line}:${column}`];
      if (diagnostic.docsUrl) body.push(`rule: ${diagnostic.docsUrl}`);
      out.push(`    <testcase classname="${path}" name="${escapeXml(name)}">`);
      out.push(`      <failure type="${diagnostic.severity}" message="${escapeXml(firstLine)}">${escapeXml(body.join('\n'))}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
