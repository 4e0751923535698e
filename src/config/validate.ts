/**
 * Validation of a configuration value against the configuration schema (src/config/schema.ts),
 * with one message line per bad key.
 */
import type { z } from 'zod';
import { ConfigError } from './load.js';
import { buildConfigSchema, type UniqlintConfig } from './schema.js';

function keyPath(parts: readonly PropertyKey[]): string {
  if (parts.length === 0) return '(top level)';
  return parts.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.').replace(/\.\[/g, '[');
}

/** One line per problem: `key.path: what is wrong`. */
export function describeIssues(error: z.ZodError): string[] {
  const lines: string[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const where = keyPath([...issue.path, key]);
        lines.push(issue.path.length === 1 && issue.path[0] === 'rules' ? `${where}: unknown rule '${key}' (run 'uniqlint rules' for the rule ids)` : `${where}: unknown key`);
      }
      continue;
    }
    lines.push(`${keyPath(issue.path)}: ${issue.message}`);
  }
  return lines;
}

/**
 * Validates a configuration value.
 *
 * @param source shown in messages (a file path).
 * @throws ConfigError naming every bad key.
 */
export function validateConfig(value: unknown, ruleIds: readonly string[], source: string): UniqlintConfig {
  const parsed = buildConfigSchema(ruleIds).safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const problems = describeIssues(parsed.error);
  throw new ConfigError(`invalid configuration in ${source}:\n${problems.map((line) => `  ${line}`).join('\n')}`, source);
}

