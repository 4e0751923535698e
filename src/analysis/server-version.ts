/**
 * The configured target server version (`serverVersion`: `8.0.36`, `8.0`, `10.11`...), read for
 * rules whose advice depends on it. MySQL's versions run 5.x, 8.x and 9.x; MariaDB's run 10.x
 * and 11.x, so a major version of 10 or more names a MariaDB server whatever the dialect says.
 */
import type { Dialect } from '../rule.js';

/** A parsed version; missing minor or patch numbers are 0. */
export interface ServerVersion {
  major: number;
  minor: number;
  patch: number;
}

/** `8.0.36` → `{8, 0, 36}`; undefined for text that does not start with a version number. Never throws. */
export function parseServerVersion(text: string | undefined): ServerVersion | undefined {
  if (!text) return undefined;
  const match = /^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2] ?? 0), patch: Number(match[3] ?? 0) };
}

/** Negative when `a` is older than `b`, 0 when equal, positive when newer. */
export function compareVersions(a: ServerVersion, b: ServerVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** The server flavour a dialect and version name: MariaDB for the `mariadb` dialect or a 10.x/11.x version. */
export function serverFlavor(dialect: Dialect, version: ServerVersion | undefined): 'mysql' | 'mariadb' {
  if (dialect === 'mariadb') return 'mariadb';
  return version !== undefined && version.major >= 10 ? 'mariadb' : 'mysql';
}
