/**
 * Measures the parser adapter over the real-world corpus: every file is split, every unit
 * (top-level, stored-program body and resolved dynamic SQL) analysed, and the share of units
 * whose parse outcome is `failed` must stay at or below 2%.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeStatement } from '../../src/parse/analyze.js';
import { readWithTokens } from '../../src/parse/fallback.js';
import { addRowEffects } from '../../src/parse/row-effects.js';
import { resolveDynamicSql } from '../../src/split/dynamic-sql.js';
import { splitStatements } from '../../src/split/splitter.js';
import type { StatementIR, StatementUnit } from '../../src/statement.js';
import { yieldToEventLoop } from '../support/processes.js';
import { corpusPresent, corpusRoot } from '../support/corpus.js';

function withoutSpansAndRows(ir: StatementIR): string {
  return JSON.stringify(ir, (key, value) => (key === 'span' || key === 'rows' ? undefined : value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value));
}


const SQL_EXTENSIONS = ['.sql', '.in', '.dump'];

function sqlFiles(directory: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...sqlFiles(full));
    else if (SQL_EXTENSIONS.some((extension) => entry.name.endsWith(extension))) files.push(full);
  }
  return files.sort();
}

interface Tally {
  units: number;
  parsed: number;
  recognised: number;
  failed: number;
}

describe.skipIf(!corpusPresent)('parser adapter over the corpus', () => {
  it('fails on at most 2% of the statements', async () => {
    const perRepository = new Map<string, Tally>();
    const causes = new Map<string, number>();
    const examples = new Map<string, string>();
    // Statements where the AST conversion and a complete token reading disagree.
    const disagreements: string[] = [];
    let compared = 0;
    for (const file of sqlFiles(corpusRoot)) {
      // The walk takes seconds; the worker keeps answering the runner between files.
      await yieldToEventLoop();
      const relative = path.relative(corpusRoot, file);
      const repository = relative.split(path.sep)[0]!;
      const dialect = /mariadb/i.test(relative) ? 'mariadb' : 'mysql';
      const text = readFileSync(file, 'utf8');
      const split = splitStatements(text);
      const units: StatementUnit[] = [];
      for (const unit of split.statements) {
        units.push(unit);
        units.push(...unit.bodyStatements);
      }
      for (const dynamicUnits of resolveDynamicSql(units, text).values()) units.push(...dynamicUnits);
      const tally = perRepository.get(repository) ?? { units: 0, parsed: 0, recognised: 0, failed: 0 };
      for (const unit of units) {
        const analysed = analyzeStatement(unit, dialect);
        tally.units++;
        tally[analysed.parse.status]++;
        if (analysed.parse.status === 'parsed' && unit.sql.length < 100_000) {
          const reading = readWithTokens(unit.sql);
          // Row effects are read after either reading, from the same text (src/parse/analyze.ts).
          addRowEffects(reading.ir, unit.sql);
          if (reading.complete) {
            compared++;
            if (withoutSpansAndRows(reading.ir) !== withoutSpansAndRows(analysed.ir)) disagreements.push(`${relative}: ${unit.sql.replace(/\s+/g, ' ').slice(0, 200)}`);
          }
        }
        if (analysed.parse.status === 'failed') {
          const what = `${analysed.ir.kind} ${'what' in analysed.ir ? analysed.ir.what : ''}`.trim();
          causes.set(what, (causes.get(what) ?? 0) + 1);
          if (!examples.has(what)) examples.set(what, `${relative}: ${unit.sql.replace(/\s+/g, ' ').slice(0, 160)} -- ${analysed.parse.message.slice(0, 120)}`);
        }
      }
      perRepository.set(repository, tally);
    }
    const total: Tally = { units: 0, parsed: 0, recognised: 0, failed: 0 };
    const lines = ['repository                      units  parsed  recognised  failed   failed%'];
    for (const [repository, tally] of [...perRepository].sort()) {
      for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += tally[key];
      lines.push(
        `${repository.padEnd(30)} ${String(tally.units).padStart(6)} ${String(tally.parsed).padStart(7)} ${String(tally.recognised).padStart(11)} ${String(tally.failed).padStart(7)} ${((100 * tally.failed) / Math.max(1, tally.units)).toFixed(2).padStart(8)}`,
      );
    }
    lines.push(`${'total'.padEnd(30)} ${String(total.units).padStart(6)} ${String(total.parsed).padStart(7)} ${String(total.recognised).padStart(11)} ${String(total.failed).padStart(7)} ${((100 * total.failed) / Math.max(1, total.units)).toFixed(2).padStart(8)}`);
    lines.push('', 'most common failures:');
    for (const [what, count] of [...causes].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`${String(count).padStart(5)}  ${what}\n       e.g. ${examples.get(what)}`);
    lines.push('', `AST conversion and token reader compared on ${compared} statements: ${disagreements.length} disagreements`, ...disagreements.slice(0, 10));
    console.log(lines.join('\n'));
    expect(total.units).toBeGreaterThan(10_000);
    expect(total.failed / total.units).toBeLessThanOrEqual(0.02);
    expect(disagreements.slice(0, 10)).toEqual([]);
  }, 300_000);
});
