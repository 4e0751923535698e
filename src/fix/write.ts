/**
 * `--fix`: writes the safe suggested fixes of a lint run into the linted files, in place.
 *
 * For each file, the fixes marked safe are applied in diagnostic order (src/fix/apply.ts); a fix
 * overlapping one already applied is skipped and reported. A file is rewritten only when it still
 * holds exactly the text that was linted, so an edit made meanwhile is never overwritten.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import type { RunResult } from '../report/result.js';
import { applySafeFixes, type SkippedFix } from './apply.js';

/** What `--fix` did to one file. */
export interface FileFixReport {
  /** Path as shown in the results. */
  path: string;
  applied: number;
  /** Safe fixes skipped because they overlap an earlier one (or lie outside the file). */
  skipped: SkippedFix[];
  /** Why the file was left unchanged although it had fixes to apply, if it was. */
  notWritten?: string;
}

/** What `--fix` did to the run. */
export interface FixRunReport {
  files: FileFixReport[];
  /** Fixes applied over all files. */
  applied: number;
  /** Suggested fixes not marked safe, left for a person to review. */
  unsafe: number;
}

/**
 * Applies the safe fixes of `result` to the files on disk (paths resolved against `cwd`).
 * Never throws for a file that cannot be read or written: it is reported in `notWritten`.
 */
export async function writeSafeFixes(result: RunResult, cwd: string): Promise<FixRunReport> {
  const report: FixRunReport = { files: [], applied: 0, unsafe: 0 };
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
      try {
        const current = await fs.readFile(absolute, 'utf8');
        if (current !== file.text) fileReport.notWritten = 'the file changed after it was linted';
        else {
          await fs.writeFile(absolute, outcome.text);
          fileReport.applied = outcome.applied.length;
          report.applied += outcome.applied.length;
        }
      } catch (error) {
        fileReport.notWritten = error instanceof Error ? error.message : String(error);
      }
    }
    if (fileReport.applied > 0 || fileReport.skipped.length > 0 || fileReport.notWritten) report.files.push(fileReport);
  }
  return report;
}

function where(diagnostic: Diagnostic | undefined): string {
  return diagnostic ? `${diagnostic.range.start.line}:${diagnostic.range.start.column} ${diagnostic.ruleId}` : '';
}

/** The lines `--fix` prints to stderr: one summary line, then one line per skipped fix or unwritten file. */
export function describeFixReport(report: FixRunReport): string {
  const lines: string[] = [];
  const written = report.files.filter((file) => file.applied > 0).length;
  lines.push(
    `uniqlint: applied ${report.applied} fix${report.applied === 1 ? '' : 'es'} in ${written} file${written === 1 ? '' : 's'}` +
      (report.unsafe > 0 ? `; ${report.unsafe} suggested fix${report.unsafe === 1 ? ' is' : 'es are'} not marked safe and ${report.unsafe === 1 ? 'was' : 'were'} left for review` : ''),
  );
  for (const file of report.files) {
    for (const entry of file.skipped) lines.push(`uniqlint: ${file.path}:${where(entry.diagnostic)}: fix skipped, it ${entry.reason === 'overlaps an earlier fix' ? 'overlaps an earlier fix' : 'has a range outside the file'}; run --fix again to apply it`);
    if (file.notWritten) lines.push(`uniqlint: ${file.path}: not fixed: ${file.notWritten}`);
  }
  return lines.join('\n') + '\n';
}
