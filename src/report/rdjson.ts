/**
 * The `rdjson` format: reviewdog's Diagnostic Format as one JSON document, the
 * `reviewdog.rdf.DiagnosticResult` message of reviewdog's `proto/rdf/reviewdog.proto` in the
 * proto3 JSON mapping (enum values by name), for `reviewdog -f=rdjson`:
 *
 * ```
 * {"source":{"name":"uniqlint","url":...},
 *  "diagnostics":[{"message","location":{"path","range":{"start":{"line","column"},"end":{...}}},
 *    "severity":"ERROR"|"WARNING"|"INFO","source":{...},"code":{"value","url"},
 *    "suggestions"?:[{"range":{...},"text"}]}]}
 * ```
 *
 * As the format defines them, lines are 1-based, columns are 1-based and count UTF-8 bytes (not
 * UTF-16 code units as uniqlint's own columns do; they are converted from the file's text), and a
 * range's end is exclusive. The message is the headline, then the live verdict, the `note:` and
 * `help:` paragraphs and the suggested fix's description. A suggested fix becomes a suggestion
 * (reviewdog posts it as a suggested change); one not marked safe says so in the message. Never
 * contains colour or annotations.
 */
import { diagnosticText, LineIndex, type Diagnostic, type Severity, type SourcePosition } from '../diagnostic.js';
import type { FileLintResult } from '../engine/lint.js';
import { liveEvidenceWords, sampleText } from './live-evidence.js';
import type { RunResult } from './result.js';

/** A position: 1-based line, 1-based column in UTF-8 bytes. */
export interface RdjsonPosition {
  line: number;
  column: number;
}

/** A range whose `end` is exclusive. */
export interface RdjsonRange {
  start: RdjsonPosition;
  end: RdjsonPosition;
}

/** `reviewdog.rdf.Diagnostic` as uniqlint fills it. */
export interface RdjsonDiagnostic {
  message: string;
  location: { path: string; range: RdjsonRange };
  severity: 'ERROR' | 'WARNING' | 'INFO';
  source: { name: string; url: string };
  code: { value: string; url?: string };
  suggestions?: { range: RdjsonRange; text: string }[];
}

/** `reviewdog.rdf.DiagnosticResult` as uniqlint fills it. */
export interface RdjsonResult {
  source: { name: string; url: string };
  diagnostics: RdjsonDiagnostic[];
}

const SEVERITY: Record<Severity, RdjsonDiagnostic['severity']> = { error: 'ERROR', warning: 'WARNING', info: 'INFO' };
const SOURCE = { name: 'uniqlint', url: 'https://github.com/uniqlint/uniqlint' };

/**
 * `position` with its column counted in UTF-8 bytes of its line in `text` (the text the position
 * was computed on); the column as it is when the text does not hold the position.
 */
export function utf8Position(text: string, position: SourcePosition): RdjsonPosition {
  const lineStart = position.offset - (position.column - 1);
  if (lineStart < 0 || position.offset > text.length) return { line: position.line, column: position.column };
  return { line: position.line, column: Buffer.byteLength(text.slice(lineStart, position.offset), 'utf8') + 1 };
}

/** The message: headline, live verdict, notes, help, and what the suggestion does. */
function messageOf(diagnostic: Diagnostic): string {
  const parts = [diagnostic.message];
  if (diagnostic.live) {
    const words = liveEvidenceWords(diagnostic.live);
    const samples = words.samples.length > 0 ? `, e.g. ${words.samples.map(sampleText).join(', ')}` : '';
    parts.push(`live: ${words.verdict}: ${words.counts}${samples}${words.took}${words.notes !== '' ? `; ${words.notes}` : ''}`);
  }
  const text = diagnosticText({ message: '', ...(diagnostic.notes ? { notes: diagnostic.notes } : {}), ...(diagnostic.help ? { help: diagnostic.help } : {}) }).replace(/^\n/, '');
  if (text !== '') parts.push(text);
  if (diagnostic.fix) parts.push(`suggested fix: ${diagnostic.fix.description}${diagnostic.fix.safe ? '' : ' (review before applying: not marked safe)'}`);
  return parts.join('\n');
}

function diagnosticOf(file: FileLintResult, lines: LineIndex, diagnostic: Diagnostic): RdjsonDiagnostic {
  const out: RdjsonDiagnostic = {
    message: messageOf(diagnostic),
    location: { path: file.path, range: { start: utf8Position(file.text, diagnostic.range.start), end: utf8Position(file.text, diagnostic.range.end) } },
    severity: SEVERITY[diagnostic.severity],
    source: SOURCE,
    code: diagnostic.docsUrl ? { value: diagnostic.ruleId, url: diagnostic.docsUrl } : { value: diagnostic.ruleId },
  };
  const fix = diagnostic.fix;
  if (fix) {
    const range = lines.range(fix.range.startOffset, fix.range.endOffset);
    out.suggestions = [{ range: { start: utf8Position(file.text, range.start), end: utf8Position(file.text, range.end) }, text: fix.text }];
  }
  return out;
}

/** The run as an rdjson document (module docstring), without rendering it. */
export function toRdjson(result: RunResult): RdjsonResult {
  const diagnostics: RdjsonDiagnostic[] = [];
  for (const file of result.files) {
    if (file.diagnostics.length === 0) continue;
    const lines = new LineIndex(file.text);
    for (const diagnostic of file.diagnostics) diagnostics.push(diagnosticOf(file, lines, diagnostic));
  }
  return { source: SOURCE, diagnostics };
}

/** Renders a run as the rdjson document, with a trailing newline. */
export function formatRdjson(result: RunResult): string {
  return `${JSON.stringify(toRdjson(result))}\n`;
}
