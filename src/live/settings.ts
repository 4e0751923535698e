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
