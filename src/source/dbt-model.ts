/**
 * dbt model files: `.sql` files that hold a Jinja-templated SELECT (`{{ ref('x') }}`,
 * `{{ config(...) }}`) instead of statements to run. They are not migrations and do not parse as
 * SQL; uniqlint recognises them by their Jinja calls and reads only the model's `config(...)`.
 *
 * Semantics of the config keys read here follow the dbt documentation, "Configuring incremental
 * models" and "About incremental strategy": `materialized='incremental'` makes each run insert the
 * new rows into the existing table; `unique_key` turns that into a merge (or delete+insert) on the
 * key; without it, and with `incremental_strategy='append'` (which ignores `unique_key`), every
 * selected row is appended with a plain INSERT.
 *
 * Every function is pure, reads at most the given text, and never throws.
 */

/** What the model's `config(...)` call says, as far as uniqlint reads it. */
export interface DbtModelConfig {
  /** `materialized` value, lower case; undefined when not given in the file. */
  materialized?: string;
  /** `unique_key` as written (a quoted name, a list...), undefined when absent or `none`. */
  uniqueKey?: string;
  /** `incremental_strategy` value, lower case, when given. */
  incrementalStrategy?: string;
  /** File offsets `[start, end)` of the `{{ config(...) }}` expression. */
  span: { start: number; end: number };
}

/** A recognised dbt model. */
export interface DbtModel {
  /** The first `{{ config(...) }}` of the file, when there is one. */
  config?: DbtModelConfig;
}

/** `{{ config(`, `{{ ref(`, `{{ source(`, `{{ var(` or `{{ this }}`, with optional `-` whitespace control. */
const DBT_JINJA = /\{\{-?\s*(?:config|ref|source|var)\s*\(|\{\{-?\s*this\s*-?\}\}|\{%-?\s*if\s+is_incremental\s*\(/;

const CONFIG_OPEN = /\{\{-?\s*config\s*\(/g;

/**
 * Reads `text` as a dbt model: undefined when it carries none of the Jinja calls dbt models use
 * (`{{ config(...) }}`, `{{ ref(...) }}`, `{{ source(...) }}`, `{{ var(...) }}`, `{{ this }}`,
 * `{% if is_incremental() %}`), otherwise the model with its first `config(...)` read.
 */
export function readDbtModel(text: string): DbtModel | undefined {
  if (!text.includes('{{') && !text.includes('{%')) return undefined;
  if (!DBT_JINJA.test(text)) return undefined;
  CONFIG_OPEN.lastIndex = 0;
  const open = CONFIG_OPEN.exec(text);
  if (!open) return {};
  const argumentsStart = open.index + open[0].length;
  const argumentsEnd = closingParenthesis(text, argumentsStart);
  const close = text.indexOf('}}', argumentsEnd);
  const end = close === -1 ? argumentsEnd : close + 2;
  const args = readKeywordArguments(text.slice(argumentsStart, argumentsEnd));
  const config: DbtModelConfig = { span: { start: open.index, end } };
  const materialized = stringValue(args.get('materialized'));
  if (materialized !== undefined) config.materialized = materialized.toLowerCase();
  const strategy = stringValue(args.get('incremental_strategy'));
  if (strategy !== undefined) config.incrementalStrategy = strategy.toLowerCase();
  const uniqueKey = args.get('unique_key')?.trim();
  if (uniqueKey && !/^(none|null|''|""|\[\s*\])$/i.test(uniqueKey)) config.uniqueKey = uniqueKey;
  return { config };
}

/** Offset of the `)` that closes the call whose arguments start at `start` (or the text's end). */
function closingParenthesis(text: string, start: number): number {
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (char === "'" || char === '"') {
      const close = text.indexOf(char, index + 1);
      if (close === -1) return text.length;
      index = close;
    } else if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') {
      if (depth === 0) return index;
      depth--;
    }
  }
  return text.length;
}

/** `a='x', b=['y', 'z']` → `{a: "'x'", b: "['y', 'z']"}` (values as written, trimmed). */
function readKeywordArguments(text: string): Map<string, string> {
  const result = new Map<string, string>();
  const parts: string[] = [];
  let depth = 0;
  let partStart = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === "'" || char === '"') {
      const close = text.indexOf(char, index + 1);
      index = close === -1 ? text.length : close;
    } else if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') depth = Math.max(0, depth - 1);
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(partStart, index));
      partStart = index + 1;
    }
  }
  parts.push(text.slice(partStart));
  for (const part of parts) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)([\s\S]*)$/.exec(part);
    if (match) result.set(match[1]!.toLowerCase(), match[2]!.trim());
  }
  return result;
}

/** The content of a quoted Jinja string literal, or undefined. */
function stringValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /^(['"])(.*)\1$/s.exec(value.trim());
  return match ? match[2] : undefined;
}

/** The `what` of the statement IR the engine gives a dbt model file (`{kind: 'other', what}`). */
export const DBT_MODEL_STATEMENT = 'dbt model';
