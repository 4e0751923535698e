/**
 * The formatters by name: the one table the command line's `--format` and the programmatic
 * `loadFormatter` read, so both offer the same formats with the same output. A new format is one
 * entry of `FORMATTERS`.
 */
import type { Severity } from '../diagnostic.js';
import { allRules } from '../../rules/index.js';
import { toolVersion } from '../version.js';
import { formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdownReview } from './markdown-review.js';
import { formatRdjson } from './rdjson.js';
import type { RunResult } from './result.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

/** Display options every formatter accepts; each reads the ones that concern it and ignores the rest. */
export interface FormatterOptions {
  /** stylish: ANSI colour; default false. */
  color?: boolean;
  /** stylish: columns messages are wrapped to; default 100, at least 60 (the CLI passes a terminal's width). */
  width?: number;
  /** stylish, github: least severity printed; default `warning` (infos are counted in the summary line, not printed). */
  minimumSeverity?: Severity;
  /** stylish: fold repeated findings into one (default true); false prints each in full, as `--verbose` does. */
  fold?: boolean;
  /** sarif, github, markdown: absolute folder the results' paths are relative to; default the process's working directory. */
  cwd?: string;
  /** sarif, github, markdown: absolute path of the repository root (git's top level) paths are made relative to (`%SRCROOT%` in sarif); default none (paths as they are; markdown: `cwd`). */
  sourceRoot?: string;
  /** markdown: URL of the repository's files at the run's commit, without a trailing slash (`https://github.com/o/r/blob/<sha>`); without it, locations are plain `path:line`. */
  sourceUrl?: string;
  /** json, sarif, markdown: the version the report names; default uniqlint's own. */
  toolVersion?: string;
}

/**
 * A formatter: renders a run (from `Linter.lintFiles`, `Linter.lintText` or `lintPaths`) as text,
 * ending with a newline when not empty. Pure: it reads no file and no environment variable.
 */
export type Formatter = (result: RunResult, options?: FormatterOptions) => string;

/** Every format, by the name `--format` takes. Formats documented in README.md, "Output formats for CI". */
export const FORMATTERS = {
  stylish: (result, options = {}) =>
    formatStylish(result, {
      color: options.color ?? false,
      width: options.width,
      minimumSeverity: options.minimumSeverity ?? 'warning',
      fold: options.fold ?? true,
    }),
  json: (result, options = {}) => formatJson(result, { toolVersion: options.toolVersion ?? toolVersion() }),
  sarif: (result, options = {}) =>
    formatSarif(result, {
      rules: allRules.map((rule) => rule.meta),
      toolVersion: options.toolVersion ?? toolVersion(),
      cwd: options.cwd ?? process.cwd(),
      ...(options.sourceRoot !== undefined ? { sourceRoot: options.sourceRoot } : {}),
    }),
  github: (result, options = {}) =>
    formatGithub(result, {
      minimumSeverity: options.minimumSeverity ?? 'warning',
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(options.sourceRoot !== undefined ? { sourceRoot: options.sourceRoot } : {}),
    }),
  gitlab: (result) => formatGitlab(result),
  junit: (result) => formatJunit(result),
  markdown: (result, options = {}) =>
    formatMarkdownReview(result, {
      toolVersion: options.toolVersion ?? toolVersion(),
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(options.sourceRoot !== undefined ? { sourceRoot: options.sourceRoot } : {}),
      ...(options.sourceUrl !== undefined ? { sourceUrl: options.sourceUrl } : {}),
    }),
  rdjson: (result) => formatRdjson(result),
} satisfies Record<string, Formatter>;

/** The name of a format: `stylish`, `json`, `sarif`, `github`, `gitlab`, `junit`, `markdown`, `rdjson`. */
export type FormatterName = keyof typeof FORMATTERS;

/** Every format's name, in the order `uniqlint --help` lists them (stylish, the default, first). */
export const FORMATTER_NAMES = Object.keys(FORMATTERS) as FormatterName[];

/** Raised by `loadFormatter` for a name that is not a format; `formats` lists the valid names. */
export class UnknownFormatterError extends Error {
  readonly formats: readonly FormatterName[] = FORMATTER_NAMES;
  constructor(readonly formatName: string) {
    super(`unknown format '${formatName}': expected one of ${FORMATTER_NAMES.join(', ')}`);
    this.name = 'UnknownFormatterError';
  }
}

/** Whether `name` is a format's name. */
export function isFormatterName(name: string): name is FormatterName {
  return Object.prototype.hasOwnProperty.call(FORMATTERS, name);
}

/**
 * The formatter of a format name (`loadFormatter('sarif')(result)`), as `--format NAME` renders.
 *
 * @throws UnknownFormatterError when `name` is not one of FORMATTER_NAMES.
 */
export function loadFormatter(name: string): Formatter {
  if (!isFormatterName(name)) throw new UnknownFormatterError(name);
  return FORMATTERS[name];
}
