/**
 * How the target server resolves character set and collation names: the collation a name stands
 * for, the default collation of a character set, and a character set's bytes per character, read
 * from information_schema (or asked of the server itself) once per probe and cached.
 */
import type { LiveSession } from './session.js';
import { catalogSpellings } from './mysql-semantics.js';
import { OtherError } from './probe-errors.js';

/** A character set, collation or similar name the probe may write into SQL unquoted. */
export const SAFE_NAME = /^[A-Za-z0-9_]+$/;

/** Reads collation metadata once per probe run. */
export class CollationCatalog {
  private readonly charsetOfCollation = new Map<string, string | null>();
  private readonly defaultOfCharset = new Map<string, string | null>();

  constructor(private readonly session: LiveSession) {}

  private readonly maxlenOfCharset = new Map<string, number | null>();

  /** `utf8`/`utf8mb3` names in both spellings (MySQL before 8.0.30 lists `utf8_*`): src/live/mysql-semantics.ts. */
  private static aliases(name: string): string[] {
    return catalogSpellings(name);
  }

  /** Bytes per character of a character set (`CHARACTER_SETS.MAXLEN`); 4 when the server does not list it. */
  async bytesPerCharacter(charset: string): Promise<number> {
    const name = charset.toLowerCase();
    if (!this.maxlenOfCharset.has(name)) {
      const rows = SAFE_NAME.test(name)
        ? await this.session.select('SELECT MAXLEN AS m FROM information_schema.CHARACTER_SETS WHERE CHARACTER_SET_NAME = ?', [name])
        : [];
      this.maxlenOfCharset.set(name, rows[0] ? Number(rows[0].m) : null);
    }
    return this.maxlenOfCharset.get(name) ?? 4;
  }

  /**
   * The collation `name` stands for. A name information_schema lists with its character set is
   * taken as listed. A name it lists without one (MariaDB 10.10+ `uca1400_ai_ci`, which applies
   * to any Unicode character set) or does not list (an alias such as MariaDB 11.4's
   * `utf8mb4_0900_ai_ci`) is resolved by the server itself in the character set the column gets
   * (`contextCharset`): `COLLATION(CONVERT('' USING cs) COLLATE name)`, so its errors (1273
   * unknown collation, 1253 not valid for the character set) are the server's own.
   */
  async collation(name: string, contextCharset?: string): Promise<{ collation: string; charset: string }> {
    for (const candidate of CollationCatalog.aliases(name)) {
      if (!SAFE_NAME.test(candidate)) break;
      if (!this.charsetOfCollation.has(candidate)) {
        const rows = await this.session.select(
          'SELECT CHARACTER_SET_NAME AS cs FROM information_schema.COLLATIONS WHERE COLLATION_NAME = ?',
          [candidate],
        );
        this.charsetOfCollation.set(candidate, rows[0] && rows[0].cs !== null && rows[0].cs !== undefined ? String(rows[0].cs) : null);
      }
      const charset = this.charsetOfCollation.get(candidate);
      if (charset) return { collation: candidate, charset };
    }
    if (contextCharset && SAFE_NAME.test(contextCharset) && SAFE_NAME.test(name)) {
      try {
        const rows = await this.session.select(
          `SELECT COLLATION(CONVERT('' USING ${contextCharset}) COLLATE ${name}) AS c, CHARSET(CONVERT('' USING ${contextCharset}) COLLATE ${name}) AS cs`,
        );
        if (rows[0]?.c) return { collation: String(rows[0].c), charset: String(rows[0].cs) };
      } catch (error) {
        const errno = (error as { errno?: number }).errno;
        if (errno === 1253) throw new OtherError(1253, 'ER_COLLATION_CHARSET_MISMATCH', `collation ${name} is not valid for ${contextCharset}`);
        if (errno === 1273) throw new OtherError(1273, 'ER_UNKNOWN_COLLATION', `unknown collation '${name}'`);
        if (errno === 1115) throw new OtherError(1115, 'ER_UNKNOWN_CHARACTER_SET', `unknown character set '${contextCharset}'`);
        throw error;
      }
    }
    throw new OtherError(1273, 'ER_UNKNOWN_COLLATION', `unknown collation '${name}'`);
  }

  async defaultCollation(charset: string): Promise<{ collation: string; charset: string }> {
    for (const candidate of CollationCatalog.aliases(charset)) {
      if (!SAFE_NAME.test(candidate)) break;
      if (candidate === 'utf8mb4') {
        return { collation: this.session.server.defaultUtf8mb4Collation, charset: 'utf8mb4' };
      }
      if (!this.defaultOfCharset.has(candidate)) {
        const rows = await this.session.select(
          "SELECT COLLATION_NAME AS c FROM information_schema.COLLATIONS WHERE CHARACTER_SET_NAME = ? AND IS_DEFAULT = 'Yes'",
          [candidate],
        );
        this.defaultOfCharset.set(candidate, rows[0] ? String(rows[0].c) : null);
      }
      const collation = this.defaultOfCharset.get(candidate);
      if (collation) return { collation, charset: candidate };
    }
    throw new OtherError(1115, 'ER_UNKNOWN_CHARACTER_SET', `unknown character set '${charset}'`);
  }
}
