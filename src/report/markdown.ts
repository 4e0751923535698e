/**
 * Diagnostic text as Markdown, for the formats that carry it (SARIF `message.markdown`, GitLab Code
 * Quality `content.body`).
 */
import type { Diagnostic } from '../diagnostic.js';

/**
 * A diagnostic's notes and help as Markdown: one paragraph each, `**note:**` / `**help:**` first,
 * code lines (starting with two spaces) in an `sql` fence.
 */
export function markdownDetails(diagnostic: Pick<Diagnostic, 'notes' | 'help'>): string {
  const paragraphs: string[] = [];
  const render = (label: string, text: string): string => {
    const out: string[] = [];
    let code: string[] = [];
    const flush = (): void => {
      if (code.length > 0) out.push(['```sql', ...code.map((line) => line.replace(/^ {2}/, '')), '```'].join('\n'));
      code = [];
    };
    text.split('\n').forEach((line, index) => {
      if (/^ {2}/.test(line)) code.push(line);
      else {
        flush();
        out.push(index === 0 ? `**${label}:** ${escapeMarkdown(line)}` : escapeMarkdown(line));
      }
    });
    flush();
    return out.join('\n');
  };
  for (const note of diagnostic.notes ?? []) paragraphs.push(render('note', note));
  for (const help of diagnostic.help ?? []) paragraphs.push(render('help', help));
  return paragraphs.join('\n\n');
}

/**
 * Escapes the characters of plain text that Markdown would read as markup (`\\`, `*`, `_`, `[`, `]`,
 * `<`, `>`, `#`), outside backtick code spans, which are kept as code (identifiers in our texts).
 */
export function escapeMarkdown(text: string): string {
  return text
    .split(/(`(?:[^`]|``)*`)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/([\\*_[\]<>#])/g, '\\$1')))
    .join('');
}
