/**
 * Rule documentation generated from each rule's `meta`: the page `docs/rules/<id>.md`, the README
 * rule table between `<!-- rules-table:start -->` and `<!-- rules-table:end -->`, and the plain
 * text table of `uniqlint rules`. Pure functions; `src/docs/generate.ts` writes the files.
 */
import type { RuleExample, RuleMeta } from '../rule.js';
import { docsUrlFor } from '../docs-url.js';

/** Markers around the generated rule table in README.md. */
export const TABLE_START = '<!-- rules-table:start -->';
export const TABLE_END = '<!-- rules-table:end -->';

const GENERATED_NOTE = 'This file is generated from the rule\'s metadata by `npm run docs`; edit the rule, not this file.';

function sqlBlock(sql: string, file?: string): string {
  const fence = sql.includes('```') ? '````' : '```';
  const language = file && /\.(md|markdown)$/i.test(file) ? 'markdown' : file && /\.(sh|bash)$/i.test(file) ? 'sh' : /^\s*\{\s*["}]/.test(sql) ? 'json' : 'sql';
  return `${fence}${language}\n${sql.trimEnd()}\n${fence}`;
}

function example(item: RuleExample): string {
  const parts: string[] = [];
  if (item.description) parts.push(item.description);
  if (item.history) parts.push(`Given the earlier migration:\n\n${sqlBlock(item.history)}`);
  if (item.dialect && item.dialect !== 'mysql') parts.push(`Dialect: ${item.dialect}.`);
  const server = item.serverSettings;
  if (server) {
    const facts = [
      ...Object.entries(server.variables ?? {}).map(([name, value]) => `${name}=${value}`),
      ...Object.entries(server.status ?? {}).map(([name, value]) => `${name}=${value} (status)`),
      ...(server.replicationSource ? [`replicating from ${server.replicationSource}`] : []),
      ...(server.groupMembers !== undefined ? [`${server.groupMembers} ONLINE group members`] : []),
    ];
    parts.push(`On a target server with ${facts.map((fact) => `\`${fact}\``).join(', ')}:`);
  }
  if (item.file) parts.push(`File \`${item.file}\`${item.history ? ', with the earlier migration as --base-schema' : ''}:`);
  parts.push(sqlBlock(item.sql, item.file));
  return parts.join('\n\n');
}

/** The Markdown page of one rule. */
export function renderRulePage(meta: RuleMeta): string {
  const out: string[] = [`<!-- ${GENERATED_NOTE} -->`, '', `# ${meta.id}`, '', meta.summary, ''];
  out.push(`- Default severity: \`${meta.defaultSeverity}\``);
  if (meta.tags.length > 0) out.push(`- Tags: ${meta.tags.map((tag) => `\`${tag}\``).join(', ')}`);
  if (meta.equivalents.length > 0) out.push(`- Equivalents in other tools: ${meta.equivalents.join('; ')}`);
  out.push('', '## Why', '', meta.rationale, '', '## How to fix', '', meta.fix, '');
  if (meta.examples.invalid.length > 0) {
    out.push('## Flagged', '');
    for (const item of meta.examples.invalid) out.push(example(item), '');
  }
  if (meta.examples.valid.length > 0) {
    out.push('## Not flagged', '');
    for (const item of meta.examples.valid) out.push(example(item), '');
  }
  out.push(
    '## Configuration',
    '',
    'Set the level in the configuration file (`off`, `info`, `warning`, `error`):',
    '',
    '```json',
    `{ "rules": { "${meta.id}": "error" } }`,
    '```',
    '',
    `or on the command line: \`uniqlint --rule ${meta.id}=error\`.`,
    '',
    '## Suppressing one finding',
    '',
    '```sql',
    `-- uniqlint-disable-next-statement ${meta.id} -- why this is safe here`,
    '```',
    '',
    `Put the comment right above the statement. \`-- uniqlint-disable-file ${meta.id}\` covers the whole file.`,
    '',
  );
  return out.join('\n');
}

/** Escapes a table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** The Markdown table of rules for README.md. */
export function renderRulesTable(metas: readonly RuleMeta[]): string {
  const rows = metas.map((meta) => `| [\`${meta.id}\`](docs/rules/${meta.id}.md) | ${meta.defaultSeverity} | ${cell(meta.summary)} |`);
  return ['| Rule | Default | What it flags |', '| --- | --- | --- |', ...rows].join('\n');
}

/**
 * Replaces the text between the README markers with `table`.
 *
 * @throws Error when a marker is missing or they are out of order.
 */
export function replaceRulesTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start === -1 || end === -1 || end < start) throw new Error(`README.md needs the markers ${TABLE_START} and ${TABLE_END}, in that order`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}

/** The plain-text table of `uniqlint rules`: id, default severity, summary, one rule a line. */
export function renderRulesText(metas: readonly RuleMeta[]): string {
  const width = Math.max(4, ...metas.map((meta) => meta.id.length));
  const lines = [`${'rule'.padEnd(width)}  default  summary`];
  for (const meta of metas) lines.push(`${meta.id.padEnd(width)}  ${meta.defaultSeverity.padEnd(7)}  ${meta.summary}`);
  lines.push('', `Run 'uniqlint explain <rule>' for a rule's page, or see ${docsUrlFor('<rule>').replace('%3Crule%3E', '<rule>')}.`);
  return `${lines.join('\n')}\n`;
}
