/**
 * The configuration schema: one zod schema that the loader validates with and from which the
 * editor JSON Schema (`uniqlint.schema.json`) is generated, so the two cannot disagree.
 *
 * Shape (every key optional):
 *
 * ```json
 * {
 *   "$schema": "./node_modules/uniqlint/uniqlint.schema.json",
 *   "rules": { "add-unique-key": "error", "int-auto-increment": ["warning", {}] , "replace-into": "off" },
 *   "dialect": "mariadb",
 *   "serverVersion": "10.11",
 *   "include": ["db/migrations"],
 *   "exclude": ["db/migrations/legacy/**"],
 *   "baseSchema": ["install/schema.sql"],
 *   "convention": "auto",
 *   "baseline": "uniqlint-baseline.json",
 *   "applied": ["db/migrations/V1__*.sql"],
 *   "live": { "enabled": false, "timeoutMs": 30000, "maxRows": 10000000, "concurrency": 2, "explain": false },
 *   "minimumSeverity": "warning"
 * }
 * ```
 */
import { z } from 'zod';
import { CONVENTION_NAMES } from '../source/conventions.js';
import { DEFAULT_LIVE_CONCURRENCY, DEFAULT_LIVE_MAX_ROWS, MAX_LIVE_CONCURRENCY } from '../live/settings.js';

/** Levels a rule can be set to. */
export const RULE_LEVELS = ['off', 'info', 'warning', 'error'] as const;

const quoted = (values: readonly string[]): string => values.map((value) => `"${value}"`).join(', ');

const level = z.enum(RULE_LEVELS).describe('off, or the severity the rule reports with');
const ruleSetting = z.union(
  [
    level,
    z
      .tuple([level, z.record(z.string(), z.unknown()).describe('options of the rule, as its documentation lists them')])
      .describe('[level, options]'),
  ],
  { error: `expected one of ${quoted(RULE_LEVELS)}, or [level, {options}]` },
);

const conventionName = z.enum(CONVENTION_NAMES);
const conventionChoice = z.union([z.literal('auto'), conventionName], { error: `expected one of ${quoted(['auto', ...CONVENTION_NAMES])}` });

/**
 * Builds the configuration schema for a set of rule ids: each id is a known key of `rules`, and
 * any other key is an error naming it.
 */
export function buildConfigSchema(ruleIds: readonly string[]) {
  const rules = z
    .strictObject(Object.fromEntries(ruleIds.map((id) => [id, ruleSetting.optional()])))
    .describe('Level of each rule: "off", "info", "warning", "error", or [level, options]. Rules not listed keep their default level.');
  return z
    .strictObject({
      $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors.'),
      rules: rules.optional(),
      dialect: z.enum(['mysql', 'mariadb']).optional().describe('SQL dialect the migrations are parsed with; default mysql.'),
      serverVersion: z
        .string()
        .regex(/^\d+(\.\d+){0,2}$/, 'expected a version such as "8.0", "8.0.36" or "10.11"')
        .optional()
        .describe('Version of the target server (MySQL 8.0.36, MariaDB 10.11, ...), for version-dependent behaviour.'),
      include: z
        .array(z.string().min(1))
        .optional()
        .describe('Files, folders or glob patterns linted when the command line names none; relative to this file.'),
      exclude: z.array(z.string().min(1)).optional().describe('Glob patterns of files never linted nor replayed; relative to this file.'),
      baseSchema: z
        .array(z.string().min(1))
        .optional()
        .describe(
          'Files or folders (searched for *.sql) holding the schema the migrations start from, such as an install script or a dump; replayed as history before the migrations of every folder. Relative to this file.',
        ),
      convention: z
        .union([conventionChoice, z.record(z.string().min(1), conventionChoice)], {
          error: `expected one of ${quoted(['auto', ...CONVENTION_NAMES])}, or an object mapping folders to one of them`,
        })
        .optional()
        .describe(
          'Migration convention: "auto" (detect per folder, the default), one of ' +
            CONVENTION_NAMES.join(', ') +
            ', or an object mapping folders (relative to this file) to one of those.',
        ),
      applied: z
        .array(z.string().min(1))
        .optional()
        .describe('Glob patterns of migrations already applied to a database; `--fix` never rewrites them and reports a forward fix instead. Relative to this file.'),
      baseline: z.string().min(1).optional().describe('Baseline file of accepted findings (written by `uniqlint baseline`); relative to this file.'),
      live: z
        .strictObject({
          enabled: z.boolean().optional().describe('Probe the target database for every run.'),
          url: z
            .string()
            .optional()
            .describe('mysql://user@host:port/database URL; prefer the UNIQLINT_DATABASE_URL environment variable, which keeps the password out of the repository.'),
          timeoutMs: z.number().int().positive().optional().describe('Time limit of one probe query, in milliseconds.'),
          lockWaitTimeoutSeconds: z.number().int().positive().optional().describe('lock_wait_timeout of the probe session, in seconds.'),
          maxRows: z
            .number()
            .int()
            .nonnegative()
            .max(Number.MAX_SAFE_INTEGER)
            .optional()
            .describe(
              `Row budget of one probe: a unique-key, UPDATE or INSERT ... SELECT check the server estimates to read more rows than this is not run and is unknown; 0 for no budget. Default ${DEFAULT_LIVE_MAX_ROWS}. --live-max-rows wins.`,
            ),
          concurrency: z
            .number()
            .int()
            .min(1)
            .max(MAX_LIVE_CONCURRENCY)
            .optional()
            .describe(`Connections the probes of different tables run over in parallel, 1 to ${MAX_LIVE_CONCURRENCY}. Default ${DEFAULT_LIVE_CONCURRENCY}. --live-concurrency wins.`),
          explain: z.boolean().optional().describe("Put the server's plan (EXPLAIN) of each probe query in the finding. --live-explain wins."),
        })
        .optional()
        .describe('Live mode: read-only probes against the target database.'),
      minimumSeverity: z
        .enum(['info', 'warning', 'error'])
        .optional()
        .describe('Least severity the stylish and github formats print; default "warning" (infos are counted, not printed). --verbose prints every finding.'),
    })
    .describe('uniqlint configuration');
}

/** A validated configuration file. */
export type UniqlintConfig = z.infer<ReturnType<typeof buildConfigSchema>>;

/** The `rules` value of one rule. */
export type RuleConfigValue = z.infer<typeof ruleSetting>;

/**
 * The editor JSON Schema (draft 2020-12) of the configuration, generated from the zod schema.
 */
export function configJsonSchema(ruleIds: readonly string[]): Record<string, unknown> {
  const schema = z.toJSONSchema(buildConfigSchema(ruleIds), { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://github.com/uniqlint/uniqlint/blob/main/uniqlint.schema.json', title: 'uniqlint configuration' };
}
