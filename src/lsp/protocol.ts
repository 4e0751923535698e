/**
 * uniqlint's findings in the Language Server Protocol's shapes (LSP 3.17): diagnostics, hovers
 * and code actions. Pure functions of a lint result and the text it was computed from.
 *
 * Positions: LSP positions are 0-based lines and UTF-16 code-unit characters, and LSP counts
 * `\r`, `\n` and `\r\n` as line ends; they are computed from file offsets with the document's
 * own `positionAt`, so a diagnostic lands where the editor shows the text.
 */
import {
  CodeActionKind,
  DiagnosticSeverity,
  MarkupKind,
  type CodeAction,
  type Diagnostic as LspDiagnostic,
  type Hover,
  type Position,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { allRules } from '../../rules/index.js';
import type { Diagnostic, LiveEvidence, Severity } from '../diagnostic.js';
import { docsUrlFor } from '../docs-url.js';
import { applySafeFixes } from '../fix/apply.js';
import { splitStatements } from '../split/splitter.js';
import type { StatementUnit } from '../statement.js';
import { UNUSED_DISABLE_RULE_ID } from '../suppress/directives.js';
import { escapeMarkdown } from '../report/markdown.js';

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'uniqlint';

/** Kind of the code action that applies every safe fix of the file at once (what `--fix` writes). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.uniqlint`;

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** The LSP range of file offsets `[start, end)` in `document`. */
function rangeOf(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

/**
 * A finding as an LSP diagnostic: its range, severity (error, warning, information), the rule id
 * as `code` with the rule's page as `codeDescription`, and the whole text (headline, then
 * `note:` and `help:` paragraphs) as `message`. `document` holds the text that was linted.
 */
export function toLspDiagnostic(diagnostic: Diagnostic, document: TextDocument): LspDiagnostic {
  return {
    range: rangeOf(document, diagnostic.range.start.offset, diagnostic.range.end.offset),
    severity: SEVERITIES[diagnostic.severity],
    code: diagnostic.ruleId,
    codeDescription: { href: diagnostic.docsUrl ?? docsUrlFor(diagnostic.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: messageOf(diagnostic),
  };
}

/** The headline, the live verdict when there is one, then the `note:` and `help:` paragraphs. */
function messageOf(diagnostic: Diagnostic): string {
  const parts = [diagnostic.message];
  if (diagnostic.live) parts.push(liveLine(diagnostic.live));
  for (const note of diagnostic.notes ?? []) parts.push(`note: ${note}`);
  for (const help of diagnostic.help ?? []) parts.push(`help: ${help}`);
  return parts.join('\n');
}

/** `live: fails: 2 duplicate groups among 1,204 rows`, `live: passes: 0 duplicates ...`, `live: unknown: <reason>`. */
function liveLine(live: LiveEvidence): string {
  const rows = live.rowsScanned !== undefined ? ` among ${live.rowsScanned.toLocaleString('en-US')} rows` : '';
  const groups = live.duplicateGroups ?? 0;
  if (live.verdict === 'fails' && groups > 0) return `live: fails: ${groups.toLocaleString('en-US')} duplicate group${groups === 1 ? '' : 's'}${rows}`;
  if (live.verdict === 'passes') return `live: passes: 0 duplicates${rows}`;
  return `live: ${live.verdict}${live.reason ? `: ${live.reason}` : ''}`;
}

/** True when the offset lies in the diagnostic's range (its end included, so a hover at the end of a word counts). */
function covers(diagnostic: Diagnostic, offset: number): boolean {
  return diagnostic.range.start.offset <= offset && offset <= diagnostic.range.end.offset;
}

const SUMMARIES = new Map(allRules.map((rule) => [rule.meta.id, rule.meta.summary]));

/**
 * The hover at `position`: for each finding whose range holds it, the rule id, severity, the
 * rule's one-line summary and a link to its documentation page, as Markdown. Null when no finding
 * is there.
 */
export function hoverAt(diagnostics: readonly Diagnostic[], document: TextDocument, position: Position): Hover | null {
  const offset = document.offsetAt(position);
  const here = diagnostics.filter((diagnostic) => covers(diagnostic, offset));
  if (here.length === 0) return null;
  const sections = here.map((diagnostic) => {
    const summary = SUMMARIES.get(diagnostic.ruleId) ?? diagnostic.message;
    const url = diagnostic.docsUrl ?? docsUrlFor(diagnostic.ruleId);
    return `**uniqlint \`${diagnostic.ruleId}\`** (${diagnostic.severity}): ${escapeMarkdown(summary)}\n\n[${diagnostic.ruleId} documentation](${url})`;
  });
  const first = here[0]!;
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    range: rangeOf(document, first.range.start.offset, first.range.end.offset),
  };
}

/** What `codeActionsFor` needs besides the findings. */
export interface CodeActionInput {
  uri: string;
  /** The text that was linted, as a document (its offsets are the findings' offsets). */
  document: TextDocument;
  /** The findings of that text. */
  diagnostics: readonly Diagnostic[];
  /** The range the client asks about. */
  range: Range;
  /** `context.only` of the request, when given. */
  only?: readonly string[];
  /**
   * Why the file must not be edited (it may be an applied migration, src/fix/applied.ts), or
   * undefined when it may be.
   */
  appliedReason: string | undefined;
  /** Whether the client shows code actions with `disabled` set (LSP 3.16). */
  disabledSupport: boolean;
  /** Server version for the splitter's reading of conditional comments. */
  serverVersion?: string;
}

/**
 * The code actions for the findings in `input.range`:
 * - a quick fix applying a finding's suggested fix, when the fix is marked safe (the fixes
 *   `--fix` writes; unsafe ones are left for review, as there);
 * - a quick fix inserting `-- uniqlint-disable-next-statement <rule>` before the finding's
 *   statement (src/suppress/directives.ts), for every rule but `unused-disable`;
 * - `source.fixAll.uniqlint`: every safe fix of the file, applied as `--fix` applies them
 *   (src/fix/apply.ts: overlapping fixes after the first are left out).
 * When the file may be an applied migration, no edit is offered: with `disabledSupport` one
 * disabled action per finding with a fix says why.
 */
export function codeActionsFor(input: CodeActionInput): CodeAction[] {
  const { document } = input;
  const start = document.offsetAt(input.range.start);
  const end = document.offsetAt(input.range.end);
  const inRange = input.diagnostics.filter((diagnostic) => diagnostic.range.start.offset <= end && start <= diagnostic.range.end.offset);
  const wants = (kind: string): boolean => input.only === undefined || input.only.some((wanted) => kind === wanted || kind.startsWith(`${wanted}.`));
  const actions: CodeAction[] = [];
  if (input.appliedReason !== undefined) {
    if (!input.disabledSupport || !wants(CodeActionKind.QuickFix)) return actions;
    for (const diagnostic of inRange) {
      if (!diagnostic.fix?.safe) continue;
      actions.push({
        title: `Fix: ${diagnostic.fix.description}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toLspDiagnostic(diagnostic, document)],
        disabled: { reason: `not offered: this file ${input.appliedReason}; fix it forward in a new migration` },
      });
    }
    return actions;
  }
  if (wants(CodeActionKind.QuickFix)) {
    let split: StatementUnit[] | undefined;
    for (const diagnostic of inRange) {
      const lspDiagnostic = toLspDiagnostic(diagnostic, document);
      const fix = diagnostic.fix;
      if (fix?.safe) {
        actions.push({
          title: `Fix: ${fix.description}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [lspDiagnostic],
          isPreferred: true,
          edit: { changes: { [input.uri]: [{ range: rangeOf(document, fix.range.startOffset, fix.range.endOffset), newText: fix.text }] } },
        });
      }
      if (diagnostic.ruleId === UNUSED_DISABLE_RULE_ID) continue;
      split ??= splitStatements(document.getText(), input.serverVersion !== undefined ? { serverVersion: input.serverVersion } : {}).statements;
      actions.push({
        title: `Disable ${diagnostic.ruleId} for this statement`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [lspDiagnostic],
        edit: { changes: { [input.uri]: [suppressionEdit(document, split, diagnostic)] } },
      });
    }
  }
  if (wants(FIX_ALL_KIND)) {
    const outcome = applySafeFixes(document.getText(), input.diagnostics);
    if (outcome.applied.length > 0) {
      actions.push({
        title: `Fix all safe uniqlint findings (${outcome.applied.length})`,
        kind: FIX_ALL_KIND,
        edit: { changes: { [input.uri]: outcome.applied.map((fix) => ({ range: rangeOf(document, fix.range.startOffset, fix.range.endOffset), newText: fix.text })) } },
      });
    }
  }
  return actions;
}

/** The innermost statement (top level, or inside a stored program's body) holding `offset`. */
function statementAt(statements: readonly StatementUnit[], offset: number): StatementUnit | undefined {
  for (const statement of statements) {
    if (statement.startOffset > offset) break;
    if (offset > statement.endOffset) continue;
    return statementAt(statement.bodyStatements, offset) ?? statement;
  }
  return undefined;
}

/**
 * The edit that inserts a `uniqlint-disable-next-statement <rule>` directive for `diagnostic`:
 * a `-- ` comment line above its statement, indented like it, when the statement begins its line;
 * else a `/* ... *\/` comment just before the statement. A finding outside any statement gets the
 * comment line above its own line.
 */
export function suppressionEdit(document: TextDocument, statements: readonly StatementUnit[], diagnostic: Diagnostic): TextEdit {
  const text = document.getText();
  const at = statementAt(statements, diagnostic.range.start.offset)?.startOffset ?? diagnostic.range.start.offset;
  const lineStart = Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1)) + 1;
  const before = text.slice(lineStart, at);
  const directive = `uniqlint-disable-next-statement ${diagnostic.ruleId}`;
  if (/^[ \t]*$/.test(before)) {
    const lineEnd = text.indexOf('\n', at);
    const eol = lineEnd > 0 && text[lineEnd - 1] === '\r' ? '\r\n' : '\n';
    const position = document.positionAt(lineStart);
    return { range: { start: position, end: position }, newText: `${before}-- ${directive}${eol}` };
  }
  const position = document.positionAt(at);
  return { range: { start: position, end: position }, newText: `/* ${directive} */ ` };
}
