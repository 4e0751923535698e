/**
 * The parts of live mode that a run needs before it knows whether live mode is on: the error
 * class, the environment variable, and the decision itself. Kept free of the database driver so
 * that a static run never loads it.
 */

/** Environment variable holding the target database URL. */
export const DATABASE_URL_ENV = 'UNIQLINT_DATABASE_URL';

/**
 * A live-mode failure that ends the run with exit code 2: no target, a malformed URL or option,
 * a server that cannot be reached, or a failed login. The message is one line naming host, port
 * and database, never the password.
 */
export class LiveConnectionError extends Error {
  override name = 'LiveConnectionError';
  /** The process exit code the CLI should use. */
  readonly exitCode = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Live settings of the configuration file (`"live"` key, src/config/schema.ts). */
export interface LiveConfigSettings {
  enabled?: boolean;
  url?: string;
  timeoutMs?: number;
  lockWaitTimeoutSeconds?: number;
  /** Row budget of one probe (`--live-max-rows`); 0 for none. */
  maxRows?: number;
  /** Connections probes run over in parallel (`--live-concurrency`). */
  concurrency?: number;
  /** Put the server's plan (EXPLAIN) of each probe query in the finding (`--live-explain`). */
  explain?: boolean;
}

/** Default bound of one probe query, in milliseconds. */
export const DEFAULT_LIVE_TIMEOUT_MS = 30_000;

/**
 * Default row budget of one probe: a unique-key check reads and sorts every row of its table, and
 * measured about 0.8 s per million rows on MariaDB 10.11 on a 2-core machine (README, "Cost"), so
 * 10,000,000 rows is about 8 s: well inside the default 30 s timeout, and small next to the ALTER
 * that will read the same rows. Bigger tables are checked only when asked for.
 */
export const DEFAULT_LIVE_MAX_ROWS = 10_000_000;

/** Default number of connections probes of different tables run over in parallel. */
export const DEFAULT_LIVE_CONCURRENCY = 2;

/** Largest `--live-concurrency` accepted: a small pool, never a load on the server. */
export const MAX_LIVE_CONCURRENCY = 8;

/** The limits of a live run, after flags and configuration (flags win). */
export interface LiveLimits {
  /** Bound of each probe query, in milliseconds. */
  timeoutMs: number;
  /** Row budget of one check (the server's estimate of the rows it reads); 0 for none. */
  maxRows: number;
  /** Connections in the pool, 1..`MAX_LIVE_CONCURRENCY`. */
  concurrency: number;
  /** Whether findings carry the EXPLAIN of their probe queries. */
  explain: boolean;
}

/** The live flags of the command line, as given (validated here). */
export interface LiveLimitFlags {
  /** `--live-timeout <seconds>`. */
  timeoutSeconds?: number;
  /** `--live-max-rows <n>`. */
  maxRows?: number;
  /** `--live-concurrency <n>`. */
  concurrency?: number;
  /** `--live-explain`. */
  explain?: boolean;
}

/**
 * Checks the live flags: `--live-timeout` a positive number of seconds, `--live-max-rows` a whole
 * number of rows (0 for no budget), `--live-concurrency` a whole number 1..`MAX_LIVE_CONCURRENCY`.
 * `raw` gives the text the user typed for a flag (a number option turns `abc` into NaN).
 *
 * @throws LiveConnectionError (exit code 2) with a one-line message naming the flag and the value.
 */
export function validateLiveFlags(flags: LiveLimitFlags, raw: (flag: string) => string | undefined = () => undefined): void {
  const shown = (flag: string, value: unknown): string => raw(flag) ?? String(value);
  if (flags.timeoutSeconds !== undefined && !(Number.isFinite(flags.timeoutSeconds) && flags.timeoutSeconds > 0)) {
    throw new LiveConnectionError(`--live-timeout must be a positive number of seconds, got '${shown('live-timeout', flags.timeoutSeconds)}'`);
  }
  if (flags.maxRows !== undefined && !(Number.isSafeInteger(flags.maxRows) && flags.maxRows >= 0)) {
    throw new LiveConnectionError(`--live-max-rows expects a whole number of rows (0 for no budget), got '${shown('live-max-rows', flags.maxRows)}'`);
  }
  if (flags.concurrency !== undefined && !(Number.isInteger(flags.concurrency) && flags.concurrency >= 1 && flags.concurrency <= MAX_LIVE_CONCURRENCY)) {
    throw new LiveConnectionError(
      `--live-concurrency expects a whole number of connections from 1 to ${MAX_LIVE_CONCURRENCY}, got '${shown('live-concurrency', flags.concurrency)}'`,
    );
  }
}

/**
 * The limits of a live run: each flag when given, else the configuration's setting, else the
 * default (`DEFAULT_LIVE_TIMEOUT_MS`, `DEFAULT_LIVE_MAX_ROWS`, `DEFAULT_LIVE_CONCURRENCY`, no
 * EXPLAIN).
 *
 * @throws LiveConnectionError (exit code 2) for a flag value `validateLiveFlags` refuses.
 */
export function resolveLiveLimits(flags: LiveLimitFlags, config: LiveConfigSettings | undefined): LiveLimits {
  validateLiveFlags(flags);
  return {
    timeoutMs: flags.timeoutSeconds !== undefined ? Math.round(flags.timeoutSeconds * 1000) : (config?.timeoutMs ?? DEFAULT_LIVE_TIMEOUT_MS),
    maxRows: flags.maxRows ?? config?.maxRows ?? DEFAULT_LIVE_MAX_ROWS,
    concurrency: flags.concurrency ?? config?.concurrency ?? DEFAULT_LIVE_CONCURRENCY,
    explain: flags.explain ?? config?.explain ?? false,
  };
}

/**
 * Whether live mode is asked for: `--live` given (`flagUrl` defined, `''` when given without a
 * URL); without the flag, the configuration says `enabled: true` or gives a `url`, or
 * `UNIQLINT_DATABASE_URL` is set, unless the configuration says `enabled: false`.
 */
export function liveModeRequested(sources: { flagUrl?: string; config?: LiveConfigSettings; env?: NodeJS.ProcessEnv }): boolean {
  if (sources.flagUrl !== undefined) return true;
  if (sources.config?.enabled === false) return false;
  const fromEnv = (sources.env ?? process.env)[DATABASE_URL_ENV];
  return sources.config?.enabled === true || (sources.config?.url ?? '') !== '' || (fromEnv !== undefined && fromEnv !== '');
}
