/**
 * The words a summary line adds for findings that were found but are not shown: those the
 * baseline accepted and those `--quiet` left out. Nothing is hidden without being counted.
 */
import type { RunSummary, SeverityCounts } from './result.js';

/** "1 error, 2 warnings": the non-zero counts, or "0 findings". */
export function describeCounts(counts: SeverityCounts): string {
  const parts: string[] = [];
  if (counts.errors > 0) parts.push(`${counts.errors} error${counts.errors === 1 ? '' : 's'}`);
  if (counts.warnings > 0) parts.push(`${counts.warnings} warning${counts.warnings === 1 ? '' : 's'}`);
  if (counts.infos > 0) parts.push(`${counts.infos} info`);
  return parts.length > 0 ? parts.join(', ') : '0 findings';
}

/**
 * The suffix of the summary line, starting with "; " (empty when nothing was hidden), e.g.
 * `; not shown: 1 error, 2 warnings accepted by the baseline (--ignore-baseline shows them)`.
 */
export function describeHidden(summary: RunSummary): string {
  const parts: string[] = [];
  const { baseline, quiet } = summary.hidden ?? {};
  if (baseline) parts.push(`${describeCounts(baseline)} accepted by the baseline (--ignore-baseline shows them)`);
  if (quiet && quiet.warnings + quiet.infos > 0) parts.push(`${describeCounts(quiet)} left out by --quiet`);
  return parts.length > 0 ? `; not shown: ${parts.join('; ')}` : '';
}
