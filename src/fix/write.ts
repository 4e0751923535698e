/**
 * `--fix`: writes the safe suggested fixes of a lint run into the linted files, in place.
 *
 * For each file, the fixes marked safe are applied in diagnostic order (src/fix/apply.ts); a fix
 * overlapping one already applied is skipped and reported. A file is rewritten only when
 * - it is not an applied migration (src/fix/applied.ts): an applied one keeps its bytes, and its
 *   fixes are reported as forward fixes, with the SQL of the new migration where one exists
 *   (src/fix/forward.ts);
 * - it still holds exactly the text that was linted, so an edit made meanwhile is never
 *   overwritten.
 * The fixes are spliced into the file's bytes (src/fix/bytes.ts), so bytes that are not UTF-8
 * stay as they were, and the new content goes to a temporary file in the same folder that is then
 * renamed over the old one (write-file-atomic): a crash, a full disk or a second process never
 * leaves a half-written file.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, SuggestedFix } from '../diagnostic.js';
import type { RunResult } from '../report/result.js';
import { applySafeFixes, type SkippedFix } from './apply.js';
import type { AppliedMigrationGuard } from './applied.js';
import { spliceBytes } from './bytes.js';
import { forwardMigrationSql } from './forward.js';

/** A safe fix left out of an applied migration: what a new migration should do instead. */
export interface ForwardFix {
  diagnostic: Diagnostic;
  /** SQL of the new migration, when the change has a forward form (`ALTER TABLE ... MODIFY ...`). */
  sql?: string;
}

/** What `--fix` did to one file. */
export interface FileFixReport {
  /** Path as shown in the results. */
  path: string;
  applied: number;
  /** Safe fixes skipped because they overlap an earlier one (or lie outside the file). */
  skipped: SkippedFix[];
  /** Why the file was left unchanged although it had fixes to apply, if it was. */
  notWritten?: string;
  /** True when `notWritten` is a failure (the write or the read failed), not a decision. */
  failed?: boolean;
  /** Set for an applied migration: why it is one, and the forward fixes of its safe fixes. */
  appliedMigration?: { reason: string; forward: ForwardFix[] };
  /** Unified diff of the change (`--fix-dry-run`, or what was written). */
  diff?: string;
}

/** What `--fix` did to the run. */
export interface FixRunReport {
  files: FileFixReport[];
  /** Fixes applied over all files (with `dryRun`: that would be applied). */
  applied: number;
  /** Suggested fixes not marked safe, left for a person to review. */
  unsafe: number;
  /** Files whose fixes could not be written (read or write failure); the CLI exits 2. */
  failed: number;
  dryRun: boolean;
}

/** Options of `writeSafeFixes`. */
export interface WriteFixesOptions {
  /** Decides which files are applied migrations; without it every file may be rewritten. */
  guard?: AppliedMigrationGuard;
  /** Compute the change and its diff, write nothing (`--fix-dry-run`). */
  dryRun?: boolean;
}

/**
 * Applies the safe fixes of `result` to the files on disk (paths resolved against `cwd`).
 * Never throws for a file that cannot be read or written: it is reported in `notWritten` with
 * `failed` set.
 */
export async function writeSafeFixes(result: RunResult, cwd: string, options: WriteFixesOptions = {}): Promise<FixRunReport> {
  const report: FixRunReport = { files: [], applied: 0, unsafe: 0, failed: 0, dryRun: options.dryRun === true };
  for (const file of result.files) {
    const withFixes = file.diagnostics.filter((diagnostic) => diagnostic.fix);
    if (withFixes.length === 0) continue;
    const outcome = applySafeFixes(file.text, withFixes);
    const unsafe = outcome.skipped.filter((entry) => entry.reason === 'not marked safe');
    report.unsafe += unsafe.length;
    const fileReport: FileFixReport = {
      path: file.path,
      applied: 0,
      skipped: outcome.skipped.filter((entry) => entry.reason !== 'not marked safe'),
    };
    if (outcome.applied.length > 0) {
      const absolute = path.resolve(cwd, file.path);
      const reason = options.guard ? await options.guard.appliedReason(absolute) : undefined;
      if (reason !== undefined) {
        const owners = new Map<SuggestedFix, Diagnostic>(withFixes.map((diagnostic) => [diagnostic.fix!, diagnostic]));
        const forward = outcome.applied.map((fix) => {
          const diagnostic = owners.get(fix)!;
          const sql = forwardMigrationSql(diagnostic, file.text);
          return sql === undefined ? { diagnostic } : { diagnostic, sql };
        });
        fileReport.appliedMigration = { reason, forward };
        fileReport.skipped = [];
      } else {
        await writeOne(absolute, file.text, outcome.applied, options.dryRun === true, fileReport, outcome.text);
        if (fileReport.applied > 0) report.applied += fileReport.applied;
        if (fileReport.failed) report.failed++;
      }
    }
    if (fileReport.applied > 0 || fileReport.skipped.length > 0 || fileReport.notWritten || fileReport.appliedMigration) report.files.push(fileReport);
  }
  return report;
}

async function writeOne(absolute: string, linted: string, fixes: readonly SuggestedFix[], dryRun: boolean, fileReport: FileFixReport, fixedText: string): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(absolute);
  } catch (error) {
    fileReport.notWritten = `cannot read it again: ${error instanceof Error ? error.message : String(error)}`;
    fileReport.failed = true;
    return;
  }
  if (bytes.toString('utf8') !== linted) {
    fileReport.notWritten = 'the file changed after it was linted';
    return;
  }
  const edits = [...fixes].map((fix) => ({ startOffset: fix.range.startOffset, endOffset: fix.range.endOffset, text: fix.text }));
  edits.sort((a, b) => a.startOffset - b.startOffset || a.endOffset - b.endOffset);
  const next = spliceBytes(bytes, linted, edits);
  if (!next) {
    fileReport.notWritten = 'its bytes could not be mapped to the linted text, so it was left as it is';
    fileReport.failed = true;
    return;
  }
  if (dryRun) {
    // The diff and atomic-write libraries load only when a fix is written or shown.
    const { createTwoFilesPatch } = await import('diff');
    fileReport.diff = createTwoFilesPatch(`a/${fileReport.path}`, `b/${fileReport.path}`, linted, fixedText, undefined, undefined, { context: 3 });
    fileReport.applied = fixes.length;
    return;
  }
  try {
    const { default: writeFileAtomic } = await import('write-file-atomic');
    await writeFileAtomic(absolute, next);
    fileReport.applied = fixes.length;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fileReport.notWritten = `the write failed (${code ?? (error instanceof Error ? error.message : String(error))}); the file is unchanged`;
    fileReport.failed = true;
  }
}

function where(diagnostic: Diagnostic | undefined): string {
  return diagnostic ? `${diagnostic.range.start.line}:${diagnostic.range.start.column} ${diagnostic.ruleId}` : '';
}

/**
 * The lines `--fix` prints to stderr: one summary line, then one line per skipped fix, unwritten
 * file or applied migration, and the forward fixes of the applied migrations.
 */
export function describeFixReport(report: FixRunReport): string {
  const lines: string[] = [];
  const written = report.files.filter((file) => file.applied > 0).length;
  const verb = report.dryRun ? 'would apply' : 'applied';
  lines.push(
    `uniqlint: ${verb} ${report.applied} fix${report.applied === 1 ? '' : 'es'} in ${written} file${written === 1 ? '' : 's'}` +
      (report.unsafe > 0 ? `; ${report.unsafe} suggested fix${report.unsafe === 1 ? ' is' : 'es are'} not marked safe and ${report.unsafe === 1 ? 'was' : 'were'} left for review` : '') +
      (report.failed > 0 ? `; ${report.failed} file${report.failed === 1 ? '' : 's'} could not be fixed` : ''),
  );
  for (const file of report.files) {
    for (const entry of file.skipped) lines.push(`uniqlint: ${file.path}:${where(entry.diagnostic)}: fix skipped, it ${entry.reason === 'overlaps an earlier fix' ? 'overlaps an earlier fix' : 'has a range outside the file'}; run --fix again to apply it`);
    if (file.notWritten) lines.push(`uniqlint: ${file.path}: not fixed: ${file.notWritten}`);
    if (file.appliedMigration) {
      lines.push(`uniqlint: ${file.path}: not rewritten: it ${file.appliedMigration.reason}; fix forward in a new migration:`);
      for (const entry of file.appliedMigration.forward) {
        lines.push(`uniqlint:   ${where(entry.diagnostic)}: ${entry.sql ?? `${entry.diagnostic.fix!.description} (no forward migration: write new migrations this way)`}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}
