#!/usr/bin/env node
/**
 * The `uniqlint` command.
 *
 * Exit codes: 0 when no diagnostic has severity error, 1 when one does, 2 for usage errors
 * (unknown flag, missing path) and fatal errors.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { lintPaths, NoFilesError } from './run.js';
import { MissingPathError } from './source/discover.js';
import { formatJson } from './report/json.js';
import { formatStylish } from './report/stylish.js';
import type { Dialect } from './rule.js';
import type { RuleSetting } from './engine/lint.js';
import { allRules } from '../rules/index.js';

/** Exit code for a run without error-severity findings. */
export const EXIT_OK = 0;
/** Exit code when at least one diagnostic has severity error. */
export const EXIT_FINDINGS = 1;
/** Exit code for usage errors and fatal errors. */
export const EXIT_USAGE = 2;

const FORMATS = ['stylish', 'json'] as const;
type FormatName = (typeof FORMATS)[number];

interface LintArguments {
  paths: string[];
  format: FormatName;
  dialect: Dialect;
  color?: boolean;
  rule?: string | string[];
}

/** Raised for a malformed command-line value; exit code 2. */
class UsageError extends Error {}

const LEVELS: readonly RuleSetting[] = ['off', 'info', 'warning', 'error'];

/**
 * Reads `--rule id=level` options (level: off, info, warning, error).
 *
 * @throws UsageError for an unknown rule id or level.
 */
export function parseRuleSettings(values: string[] = []): Record<string, RuleSetting> {
  const known = new Set(allRules.map((rule) => rule.meta.id));
  const settings: Record<string, RuleSetting> = {};
  for (const value of values) {
    const match = /^\s*([a-z0-9-]+)\s*[=:]\s*([a-z]+)\s*$/.exec(value);
    if (!match) throw new UsageError(`--rule expects id=level, got '${value}'`);
    const [, id, level] = match as unknown as [string, string, string];
    if (!known.has(id)) throw new UsageError(`--rule names an unknown rule '${id}' (see the README's rule table)`);
    if (!LEVELS.includes(level as RuleSetting)) throw new UsageError(`--rule ${id}: level must be one of ${LEVELS.join(', ')}, got '${level}'`);
    settings[id] = level as RuleSetting;
  }
  return settings;
}

/** Whether stdout should get colour: a TTY, and neither NO_COLOR nor --no-color. */
function useColor(flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return Boolean(process.stdout.isTTY);
}

async function runLint(args: LintArguments): Promise<number> {
  const ruleSettings = parseRuleSettings(args.rule === undefined ? [] : [args.rule].flat());
  const result = await lintPaths(args.paths, { dialect: args.dialect, ruleSettings });
  const output = args.format === 'json' ? formatJson(result) : formatStylish(result, { color: useColor(args.color) });
  await new Promise<void>((resolve) => process.stdout.write(output, () => resolve()));
  return result.summary.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function fail(message: string): never {
  process.stderr.write(`uniqlint: ${message}\n`);
  process.exit(EXIT_USAGE);
}

/** Parses `argv` (without the node and script entries) and runs the command; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const lintBuilder = (command: ReturnType<typeof yargs>) =>
    command
      .positional('paths', { describe: 'migration files, folders (searched for *.sql) or globs', type: 'string', array: true })
      .option('format', { alias: 'f', choices: FORMATS, default: 'stylish' as FormatName, describe: 'output format' })
      .option('dialect', { choices: ['mysql', 'mariadb'] as const, default: 'mysql' as Dialect, describe: 'SQL dialect of the migrations' })
      .option('color', { type: 'boolean', describe: 'force colour on or off (default: on for a TTY unless NO_COLOR is set)' })
      .option('rule', { type: 'string', describe: 'set a rule\'s level: --rule add-unique-key=error (off, info, warning, error); repeatable' });

  const parser = yargs(argv)
    .scriptName('uniqlint')
    .usage('$0 [lint] <paths..>\n\nFinds what makes MySQL and MariaDB migrations fail with ERROR 1062 (Duplicate entry).')
    .command(['lint <paths..>', '$0 <paths..>'], 'lint migration files', lintBuilder as never, async (args) => {
      exitCode = await runLint(args as unknown as LintArguments);
    })
    .strict()
    .help()
    .alias('help', 'h')
    .version()
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((message, error) => {
      if (error instanceof MissingPathError || error instanceof NoFilesError || error instanceof UsageError) fail(error.message);
      if (error) {
        process.stderr.write(`uniqlint: fatal error: ${error.stack ?? error.message}\n`);
        process.exit(EXIT_USAGE);
      }
      fail(`${message}\nRun 'uniqlint --help' for usage.`);
    });
  await parser.parseAsync();
  return exitCode;
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`uniqlint: fatal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
