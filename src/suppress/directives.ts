/**
 * Inline suppression directives, read from the comments the splitter collects
 * (`SplitResult.comments`):
 *
 * ```
 * -- uniqlint-disable-next-statement add-unique-key, replace-into -- reason
 * -- uniqlint-disable-file [rule, ...] [-- reason]
 * ```
 *
 * Any comment style MySQL accepts works: `-- `, `#` and `/* *\/`. Rule ids are separated by
 * commas or blanks; no id means every rule. The text after ` -- ` is the reason, kept for people.
 *
 * `disable-next-statement` covers the next statement that starts after the comment (a top-level
 * statement, or a statement inside a stored-program body): every diagnostic whose start lies in
 * that statement. `disable-file` covers the whole file, wherever it stands.
 *
 * A directive that names an unknown rule, is misspelled, or suppresses nothing yields an
 * `unused-disable` diagnostic, so stale suppressions do not pile up.
 */
import type { Diagnostic, LineIndex, Severity } from '../diagnostic.js';
import type { SourceComment, StatementUnit } from '../statement.js';
import { docsUrlFor } from '../docs-url.js';

/** Rule id of the diagnostics about directives themselves. */
export const UNUSED_DISABLE_RULE_ID = 'unused-disable';

/** The kinds of suppression directive. */
export type DirectiveKind = 'next-statement' | 'file';

/** One directive as written. */
export interface SuppressionDirective {
  kind: DirectiveKind;
  /** Rule ids as written, in order; empty means every rule. */
  ruleIds: string[];
  /** Text after ` -- `, when given. */
  reason?: string;
  /** The comment that holds it. */
  comment: SourceComment;
}

/** A comment that starts like a directive but is none (`uniqlint-disable-next-line`, ...). */
export interface MalformedDirective {
  word: string;
  comment: SourceComment;
}

const DIRECTIVE = /^\s*\**\s*uniqlint-([a-z-]+)(?=$|[\s,])([\s\S]*)$/;
const KINDS: Record<string, DirectiveKind> = {
  'disable-next-statement': 'next-statement',
  'disable-file': 'file',
};

/**
 * Reads the directive in one comment.
 *
 * @returns the directive, a malformed one (a `uniqlint-` word that is no directive), or undefined
 *   for an ordinary comment.
 */
export function parseDirective(comment: SourceComment): SuppressionDirective | MalformedDirective | undefined {
  const match = DIRECTIVE.exec(comment.body.length > 10_000 ? comment.body.slice(0, 10_000) : comment.body);
  if (!match) return undefined;
  const word = match[1]!;
  const kind = KINDS[word];
  if (!kind) return { word: `uniqlint-${word}`, comment };
  let rest = match[2] ?? '';
  let reason: string | undefined;
  const reasonAt = /(^|\s)--+(\s|$)/.exec(rest);
  if (reasonAt) {
    reason = rest.slice(reasonAt.index + reasonAt[0].length).replace(/\*+\s*$/, '').trim() || undefined;
    rest = rest.slice(0, reasonAt.index);
  }
  const ruleIds = rest
    .replace(/\*+\s*$/, '')
    .split(/[\s,]+/)
    .filter((id) => id.length > 0);
  const directive: SuppressionDirective = { kind, ruleIds, comment };
  if (reason !== undefined) directive.reason = reason;
  return directive;
}

/** True when `value` is a directive rather than a malformed one. */
function isDirective(value: SuppressionDirective | MalformedDirective): value is SuppressionDirective {
  return 'kind' in value;
}

/** What `applySuppressions` needs to know about the file and the run. */
export interface SuppressionInput {
  path: string;
  lines: LineIndex;
  comments: readonly SourceComment[];
  /** Top-level statements of the file (their `bodyStatements` are searched too). */
  statements: readonly StatementUnit[];
  diagnostics: readonly Diagnostic[];
  /** Every rule id uniqlint knows (an id outside it is reported as unknown). */
  knownRuleIds: ReadonlySet<string>;
  /** Rule ids that run in this configuration; a directive for an inactive rule is not reported as unused. */
  activeRuleIds: ReadonlySet<string>;
  /** Severity of `unused-disable` diagnostics, or `off`. */
  unusedSeverity: Severity | 'off';
}

/** Diagnostics after suppression. */
export interface SuppressionResult {
  /** Diagnostics kept, plus `unused-disable` diagnostics. */
  diagnostics: Diagnostic[];
  /** Diagnostics a directive suppressed. */
  suppressed: Diagnostic[];
  directives: SuppressionDirective[];
}

/** The first statement unit (top-level or program body) that starts at or after `offset`. */
function nextStatement(statements: readonly StatementUnit[], offset: number): StatementUnit | undefined {
  let low = 0;
  let high = statements.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (statements[middle]!.endOffset < offset) low = middle + 1;
    else high = middle;
  }
  for (let i = low; i < statements.length; i++) {
    const statement = statements[i]!;
    if (statement.startOffset >= offset) return statement;
    // The comment lies inside this statement: look among its body statements.
    const inner = statement.bodyStatements.find((body) => body.startOffset >= offset);
    if (inner) return inner;
  }
  return undefined;
}

interface Entry {
  directive: SuppressionDirective;
  /** Rule id, or undefined for "every rule". */
  ruleId: string | undefined;
  used: number;
}

/**
 * Removes the diagnostics that directives suppress and reports unknown, malformed and unused
 * directives as `unused-disable` diagnostics. Pure; linear in comments plus diagnostics times
 * directives of a statement.
 */
export function applySuppressions(input: SuppressionInput): SuppressionResult {
  const directives: SuppressionDirective[] = [];
  const problems: { comment: SourceComment; message: string; help: string; statementIndex: number }[] = [];
  const fileEntries: Entry[] = [];
  const statementEntries: { start: number; end: number; entries: Entry[] }[] = [];

  const indexNear = (offset: number): number => {
    let index = 0;
    for (const statement of input.statements) {
      if (statement.startOffset <= offset) index = statement.index;
      else break;
    }
    return index;
  };

  for (const comment of input.comments) {
    const parsed = parseDirective(comment);
    if (!parsed) continue;
    if (!isDirective(parsed)) {
      problems.push({
        comment,
        message: `'${parsed.word}' is not a uniqlint directive, so it suppresses nothing`,
        help: 'write uniqlint-disable-next-statement or uniqlint-disable-file',
        statementIndex: indexNear(comment.startOffset),
      });
      continue;
    }
    directives.push(parsed);
    const target = parsed.kind === 'next-statement' ? nextStatement(input.statements, comment.endOffset) : undefined;
    const entries: Entry[] = [];
    if (parsed.ruleIds.length === 0) entries.push({ directive: parsed, ruleId: undefined, used: 0 });
    for (const ruleId of parsed.ruleIds) {
      if (!input.knownRuleIds.has(ruleId)) {
        problems.push({
          comment,
          message: `${parsed.kind === 'file' ? 'uniqlint-disable-file' : 'uniqlint-disable-next-statement'} names an unknown rule '${ruleId}', so it suppresses nothing`,
          help: "correct the rule id; run 'uniqlint rules' for the rule ids",
          statementIndex: target?.index ?? indexNear(comment.startOffset),
        });
        continue;
      }
      entries.push({ directive: parsed, ruleId, used: 0 });
    }
    if (parsed.kind === 'file') fileEntries.push(...entries);
    else if (target) statementEntries.push({ start: target.startOffset, end: target.endOffset, entries });
    else {
      problems.push({
        comment,
        message: 'uniqlint-disable-next-statement stands after the last statement, so it suppresses nothing',
        help: 'remove it, or move it above the statement it is meant for',
        statementIndex: indexNear(comment.startOffset),
      });
    }
  }

  const kept: Diagnostic[] = [];
  const suppressed: Diagnostic[] = [];
  const matches = (entry: Entry, diagnostic: Diagnostic): boolean => entry.ruleId === undefined || entry.ruleId === diagnostic.ruleId;
  for (const diagnostic of input.diagnostics) {
    const offset = diagnostic.range.start.offset;
    let hit = false;
    // One directive a statement is credited for each diagnostic: a second directive of the same
    // rule before the same statement (or a later rule of the same comment) suppresses nothing
    // more, so it is reported as unused.
    const credited = new Set<string>();
    for (const block of statementEntries) {
      if (offset < block.start || offset > block.end) continue;
      const span = `${block.start}:${block.end}`;
      for (const entry of block.entries) {
        if (!matches(entry, diagnostic)) continue;
        hit = true;
        if (credited.has(span)) continue;
        credited.add(span);
        entry.used++;
      }
    }
    for (const entry of fileEntries) {
      if (matches(entry, diagnostic)) {
        entry.used++;
        hit = true;
      }
    }
    (hit ? suppressed : kept).push(diagnostic);
  }

  for (const entry of [...fileEntries, ...statementEntries.flatMap((block) => block.entries)]) {
    if (entry.used > 0) continue;
    if (entry.ruleId !== undefined && !input.activeRuleIds.has(entry.ruleId)) continue;
    const name = entry.directive.kind === 'file' ? 'uniqlint-disable-file' : 'uniqlint-disable-next-statement';
    const what = entry.ruleId === undefined ? `${name} suppressed no diagnostic` : `${name} ${entry.ruleId} suppressed no diagnostic of that rule`;
    problems.push({
      comment: entry.directive.comment,
      message: what,
      help: 'remove it, or move it to the statement it is meant for',
      statementIndex: indexNear(entry.directive.comment.endOffset),
    });
  }

  if (input.unusedSeverity !== 'off') {
    const fileSilencesUnused = fileEntries.some((entry) => entry.ruleId === UNUSED_DISABLE_RULE_ID);
    for (const problem of problems) {
      if (fileSilencesUnused) continue;
      kept.push({
        ruleId: UNUSED_DISABLE_RULE_ID,
        severity: input.unusedSeverity,
        message: problem.message,
        help: [problem.help],
        file: input.path,
        range: input.lines.range(problem.comment.startOffset, problem.comment.endOffset),
        statementIndex: problem.statementIndex,
        docsUrl: docsUrlFor(UNUSED_DISABLE_RULE_ID),
      });
    }
  }
  kept.sort((a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset || a.ruleId.localeCompare(b.ruleId));
  return { diagnostics: kept, suppressed, directives };
}
