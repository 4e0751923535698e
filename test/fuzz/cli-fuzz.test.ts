/**
 * Fuzzing the whole command line: seeded mutations of the shared corpus (or, without it, of
 * test/fixtures; cut, duplicated and
 * spliced ranges, inserted tokens that open strings, comments, blocks and conditional comments,
 * bytes that are not UTF-8, BOMs and control characters) plus token soups generated with
 * fast-check, linted in batches by the built CLI. Every run must end with exit code 0 or 1 and
 * valid JSON, every reported position must lie inside its file, and nothing may print a stack
 * trace. Seeded, so a failure repeats; bounded to about a minute of CLI time.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot, runCli } from '../report/run-cli.js';

const SEED = 20_261_201;
const BATCHES = 14;
const FILES_PER_BATCH = 24;
const corpusRoot = path.resolve(repoRoot, '..', 'shared', 'corpus');

/** mulberry32: a small seeded generator, enough to pick files and mutations reproducibly. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const TOKENS = [
  ';', '(', ')', "'", '"', '`', '\\', '/*', '*/', '/*!80000 ', '/*!99999 ', '-- ', '#', '\n', '\r\n', '\r', '\t',
  'BEGIN ', 'BEGIN NOT ATOMIC ', 'END ', 'END IF; ', 'IF x THEN ', 'CASE WHEN 1 THEN ', 'LOOP ', 'END LOOP; ', 'DELIMITER $$\n', 'DELIMITER ;\n', '$$',
  'CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, a VARCHAR(10));', 'ALTER TABLE t ADD UNIQUE KEY uk (a);', 'REPLACE INTO t VALUES (1);',
  "INSERT INTO t (id, a) VALUES (1, 'x'), (1, 'x');", 'CREATE PROCEDURE p() ', "SET @s = CONCAT('INSERT IGNORE ', 'INTO t VALUES (1)');", 'PREPARE st FROM @s;',
  '-- uniqlint-disable-next-statement\n', '/* uniqlint-disable replace-into */', '\uFEFF', '\u0000', '\u001b[31m', '\u202e', '😀', 'é',
];
const BAD_BYTES = [Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xe9]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf0, 0x9f])];

function corpusFiles(directory: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...corpusFiles(full));
    else if (/\.(sql|in|dump)$/.test(entry.name) && statSync(full).size > 0) files.push(full);
  }
  return files.sort();
}

/** A mutated copy of a slice (at most 8 KB) of `source`. */
function mutate(source: Buffer, random: () => number): Buffer {
  const pick = (limit: number) => Math.floor(random() * limit);
  const start = source.length > 8192 ? pick(source.length - 8192) : 0;
  let bytes: Buffer = source.subarray(start, start + 1 + pick(8192));
  const rounds = 1 + pick(6);
  for (let round = 0; round < rounds; round++) {
    const at = pick(bytes.length + 1);
    const kind = pick(5);
    if (kind === 0 && bytes.length > 0) {
      const end = Math.min(bytes.length, at + 1 + pick(200));
      bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(end)]);
    } else if (kind === 1) {
      const end = Math.min(bytes.length, at + 1 + pick(400));
      bytes = Buffer.concat([bytes.subarray(0, end), bytes.subarray(at, end), bytes.subarray(end)]);
    } else if (kind === 2) {
      bytes = Buffer.concat([bytes.subarray(0, at), BAD_BYTES[pick(BAD_BYTES.length)]!, bytes.subarray(at)]);
    } else {
      const token = TOKENS[pick(TOKENS.length)]!;
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(token.repeat(1 + (pick(10) === 0 ? pick(300) : 0))), bytes.subarray(at)]);
    }
  }
  return bytes;
}

interface JsonReport {
  files: { path: string; diagnostics: { line: number; column: number; endLine: number; endColumn: number; ruleId: string }[] }[];
}

/** Asserts a run's contract and that each position lies inside the file it names. */
function checkRun(run: { code: number | null; stdout: string; stderr: string }, cwd: string, label: string): number {
  expect([0, 1], `${label}: exit code ${run.code}\n${run.stderr.slice(0, 2000)}`).toContain(run.code);
  expect(run.stderr, label).not.toMatch(/\n\s+at \S/);
  expect(run.stderr, label).not.toContain('fatal error');
  let report: JsonReport;
  try {
    report = JSON.parse(run.stdout) as JsonReport;
  } catch {
    throw new Error(`${label}: stdout is not JSON: ${run.stdout.slice(0, 300)}`);
  }
  let positions = 0;
  for (const file of report.files) {
    const lines = readFileSync(path.join(cwd, file.path)).toString('utf8').split('\n');
    for (const d of file.diagnostics) {
      const where = `${label}: ${file.path} ${d.ruleId} ${d.line}:${d.column}-${d.endLine}:${d.endColumn} (${lines.length} lines)`;
      expect(d.line >= 1 && d.line <= lines.length, where).toBe(true);
      expect(d.endLine >= d.line && d.endLine <= lines.length, where).toBe(true);
      expect(d.column >= 1 && d.column <= lines[d.line - 1]!.length + 1, where).toBe(true);
      expect(d.endColumn >= 1 && d.endColumn <= lines[d.endLine - 1]!.length + 1, where).toBe(true);
      if (d.endLine === d.line) expect(d.endColumn >= d.column, where).toBe(true);
      positions++;
    }
  }
  return positions;
}

let scratch: string;
beforeAll(() => {
  ensureBuilt();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-fuzz-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the CLI under fuzzed input', () => {
  it('mutated corpus files: exit 0 or 1, valid JSON, positions inside the file, no stack trace', async () => {
    // The shared corpus beside the repository; a clone without it mutates the repository's fixtures.
    const sources = existsSync(corpusRoot) ? corpusFiles(corpusRoot) : corpusFiles(path.join(repoRoot, 'test', 'fixtures'));
    expect(sources.length).toBeGreaterThan(5);
    const random = generator(SEED);
    let positions = 0;
    for (let batch = 0; batch < BATCHES; batch++) {
      const directory = path.join(scratch, `batch-${batch}`);
      mkdirSync(directory);
      for (let index = 0; index < FILES_PER_BATCH; index++) {
        const source = readFileSync(sources[Math.floor(random() * sources.length)]!);
        writeFileSync(path.join(directory, `${String(index).padStart(3, '0')}_mutated.sql`), mutate(source, random));
      }
      const dialect = batch % 2 === 0 ? 'mysql' : 'mariadb';
      const run = await runCli(['.', '-f', 'json', '--no-config', '--dialect', dialect, '--convention', 'plain'], directory);
      positions += checkRun(run, directory, `batch ${batch} (seed ${SEED})`);
    }
    expect(positions).toBeGreaterThan(0);
  });

  it('generated token soups (fast-check): the same contract', async () => {
    const soup = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 12 }), fc.constantFrom(' ', 'x', '1', ',', '=')), { maxLength: 300 }).map((parts) => parts.join(''));
    const texts = fc.sample(soup, { numRuns: 144, seed: SEED });
    for (let batch = 0; batch < 6; batch++) {
      const directory = path.join(scratch, `soup-${batch}`);
      mkdirSync(directory);
      texts.slice(batch * 24, batch * 24 + 24).forEach((text, index) => writeFileSync(path.join(directory, `${String(index).padStart(3, '0')}_soup.sql`), text));
      const run = await runCli(['.', '-f', 'json', '--no-config', '--convention', 'plain'], directory);
      checkRun(run, directory, `soup batch ${batch} (seed ${SEED})`);
    }
  });
});
