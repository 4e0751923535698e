/**
 * The baseline: a file of findings accepted as they are today, so that a repository with
 * hundreds of old migrations can turn uniqlint on and see only new findings.
 *
 * `uniqlint baseline` writes it; later runs drop every finding that the baseline holds. A finding
 * is keyed by its file, its rule id and a hash of the flagged text with blanks collapsed
 * (src/report/fingerprint.ts), with a count per key, so moving a statement to another line, or
 * adding statements around it, does not bring the finding back, while a second copy of the same
 * finding does come back. File paths are stored relative to the baseline file's folder, with `/`.
 *
 * Error-level findings are recorded, and accepted later, only when the baseline was written with
 * `uniqlint baseline --accept-errors` (the file then says `"acceptErrors": true`): an error is
 * what a migration fails on, and accepting one is a decision to make on purpose.
 *
 * File shape (JSON):
 * `{"version":1,"tool":"uniqlint","acceptErrors"?:true,"entries":[{"file","ruleId","hash","count","sample"}]}`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import type { FileLintResult } from '../engine/lint.js';
import { flaggedText, identifyFindings, normaliseStatementText } from '../report/fingerprint.js';
import { countBySeverity, summarize, type RunResult } from '../report/result.js';

/** Largest baseline file read (bytes); a larger one is refused rather than read without end (`/dev/zero`). */
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/** Default file name of the baseline, in the configuration's folder. */
export const DEFAULT_BASELINE_FILE = 'uniqlint-baseline.json';

/** One accepted finding (or several identical ones). */
export interface BaselineEntry {
  /** Path relative to the baseline file's folder, `/` separators. */
  file: string;
  ruleId: string;
  /** Hash of the rule id and the normalised flagged text (16 hex digits). */
  hash: string;
  /** How many identical findings are accepted. */
  count: number;
  /** The start of the flagged text, for people reviewing the file. */
  sample: string;
}

/** The baseline file's content. */
export interface Baseline {
  version: 1;
  tool: 'uniqlint';
  /** True when error-level findings were recorded on purpose (`--accept-errors`); only then are they accepted. */
  acceptErrors?: boolean;
  entries: BaselineEntry[];
}

/** A baseline file that cannot be read or has the wrong shape; exit code 2. */
export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

function keyOf(file: string, ruleId: string, hash: string): string {
  return `${file}\u0000${ruleId}\u0000${hash}`;
}

/** The path of a result's file relative to `baselineDirectory`. */
function relativeFile(file: FileLintResult, cwd: string, baselineDirectory: string): string {
  return path.relative(baselineDirectory, path.resolve(cwd, file.path)).split(path.sep).join('/');
}

/**
 * Builds a baseline from a run's findings.
 *
 * @param cwd folder the results' paths are relative to.
 * @param baselineDirectory folder of the baseline file.
 */
export function createBaseline(result: RunResult, cwd: string, baselineDirectory: string, options: { acceptErrors?: boolean } = {}): Baseline {
  const entries = new Map<string, BaselineEntry>();
  for (const file of result.files) {
    const relative = relativeFile(file, cwd, baselineDirectory);
    const identities = identifyFindings(file.path, file.text, file.diagnostics);
    file.diagnostics.forEach((diagnostic, index) => {
      if (diagnostic.severity === 'error' && !options.acceptErrors) return;
      const identity = identities[index]!;
      const key = keyOf(relative, identity.ruleId, identity.textHash);
      const existing = entries.get(key);
      if (existing) existing.count++;
      else {
        const sample = normaliseStatementText(flaggedText(file.text, diagnostic)).slice(0, 80);
        entries.set(key, { file: relative, ruleId: identity.ruleId, hash: identity.textHash, count: 1, sample });
      }
    });
  }
  const sorted = [...entries.values()].sort((a, b) => a.file.localeCompare(b.file, 'en') || a.ruleId.localeCompare(b.ruleId) || a.hash.localeCompare(b.hash));
  return options.acceptErrors ? { version: 1, tool: 'uniqlint', acceptErrors: true, entries: sorted } : { version: 1, tool: 'uniqlint', entries: sorted };
}

/** Serialises a baseline: one entry per line, stable order, so diffs stay readable. */
export function serializeBaseline(baseline: Baseline): string {
  const lines = baseline.entries.map((entry) => `    ${JSON.stringify(entry)}`);
  return `{\n  "version": 1,\n  "tool": "uniqlint",\n${baseline.acceptErrors ? '  "acceptErrors": true,\n' : ''}  "entries": [\n${lines.join(',\n')}${lines.length > 0 ? '\n' : ''}  ]\n}\n`;
}

/**
 * Reads and checks a baseline file.
 *
 * @throws BaselineError when it cannot be read, is not JSON or has the wrong shape.
 */
export async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new Error('not a regular file');
    if (stat.size > MAX_BASELINE_BYTES) throw new Error(`larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MB`);
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new BaselineError(`cannot read the baseline ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`the baseline ${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); write it again with 'uniqlint baseline'`);
  }
  const object = value as Partial<Baseline> | null;
  if (!object || object.version !== 1 || !Array.isArray(object.entries)) {
    throw new BaselineError(`the baseline ${file} is not a uniqlint baseline of version 1; write it again with 'uniqlint baseline'`);
  }
  object.entries.forEach((entry, index) => {
    const ok =
      entry && typeof entry.file === 'string' && typeof entry.ruleId === 'string' && typeof entry.hash === 'string' && Number.isInteger(entry.count) && entry.count > 0;
    if (!ok) throw new BaselineError(`the baseline ${file}: entries[${index}] needs file, ruleId, hash and a positive integer count`);
  });
  if (object.acceptErrors !== undefined && typeof object.acceptErrors !== 'boolean') throw new BaselineError(`the baseline ${file}: acceptErrors must be true or false`);
  return { version: 1, tool: 'uniqlint', ...(object.acceptErrors ? { acceptErrors: true } : {}), entries: object.entries as BaselineEntry[] };
}

/** What applying a baseline did. */
export interface BaselineOutcome {
  result: RunResult;
  /** Findings the baseline accepted (their counts by severity are in `result.summary.hidden.baseline`). */
  matched: number;
  /** Error-level findings the baseline holds but does not accept, since it was not written with --accept-errors. */
  refusedErrors: number;
  /** Accepted findings of linted files that no longer occur (the baseline can be rewritten smaller). */
  stale: number;
}

/**
 * Drops the findings the baseline accepts, moving them to each file's `suppressed` list, and
 * recomputes the summary. Files the run did not lint leave their entries alone.
 */
export function applyBaseline(result: RunResult, baseline: Baseline, cwd: string, baselineDirectory: string): BaselineOutcome {
  const remaining = new Map<string, number>();
  for (const entry of baseline.entries) {
    const key = keyOf(entry.file, entry.ruleId, entry.hash);
    remaining.set(key, (remaining.get(key) ?? 0) + entry.count);
  }
  let matched = 0;
  let refusedErrors = 0;
  const accepted: Diagnostic[] = [];
  const lintedFiles = new Set<string>();
  const files = result.files.map((file) => {
    const relative = relativeFile(file, cwd, baselineDirectory);
    lintedFiles.add(relative);
    const identities = identifyFindings(file.path, file.text, file.diagnostics);
    const kept: Diagnostic[] = [];
    const suppressed: Diagnostic[] = [...(file.suppressed ?? [])];
    file.diagnostics.forEach((diagnostic, index) => {
      const identity = identities[index]!;
      const key = keyOf(relative, identity.ruleId, identity.textHash);
      const left = remaining.get(key) ?? 0;
      if (left > 0 && diagnostic.severity === 'error' && !baseline.acceptErrors) {
        remaining.set(key, left - 1);
        refusedErrors++;
        kept.push(diagnostic);
      } else if (left > 0) {
        remaining.set(key, left - 1);
        suppressed.push(diagnostic);
        accepted.push(diagnostic);
        matched++;
      } else kept.push(diagnostic);
    });
    const next: FileLintResult = { ...file, diagnostics: kept };
    if (suppressed.length > 0) next.suppressed = suppressed;
    return next;
  });
  let stale = 0;
  for (const entry of baseline.entries) {
    if (!lintedFiles.has(entry.file)) continue;
    stale += Math.min(entry.count, remaining.get(keyOf(entry.file, entry.ruleId, entry.hash)) ?? 0);
    remaining.set(keyOf(entry.file, entry.ruleId, entry.hash), 0);
  }
  const summary = summarize(files);
  summary.hidden = { ...result.summary.hidden, baseline: countBySeverity(accepted) };
  return { result: { files, summary }, matched, refusedErrors, stale };
}
