/**
 * Text as Markdown (GitHub Flavored Markdown, on CommonMark 0.30), for the formats that carry it:
 * SARIF `message.markdown`, GitLab Code Quality `content.body`, and the markdown review report
 * (src/report/markdown-review.ts).
 *
 * Everything here may come from a migration file or from the database (names, values, SQL), so
 * every helper makes its text inert: control characters and bidirectional controls become visible
 * characters (src/report/terminal-text.ts), markup characters are escaped, code spans and fenced
 * blocks get delimiters longer than any backtick run inside them (CommonMark §6.1, §4.5), and text
 * placed in HTML is entity-escaped.
 */
import type { Diagnostic } from '../diagnostic.js';
import { escapeForTerminal } from './terminal-text.js';

/** How `markdownDetails` lays out the code lines of a paragraph. */
export interface MarkdownDetailsOptions {
  /**
   * Put each run of code lines in a collapsible `<details>` block with this summary (plain text,
   * escaped here) instead of showing the fenced block open. Default: open.
   */
  collapseCodeAs?: string;
}

/**
 * A diagnostic's notes and help as Markdown: one paragraph each, `**note:**` / `**help:**` first,
 * code lines (starting with two spaces) in an `sql` fence.
 */
export function markdownDetails(diagnostic: Pick<Diagnostic, 'notes' | 'help'>, options: MarkdownDetailsOptions = {}): string {
  const paragraphs: string[] = [];
  const render = (label: string, text: string): string => {
    const out: string[] = [];
    let code: string[] = [];
    const flush = (): void => {
      if (code.length > 0) {
        const block = fencedCode(code.map((line) => line.replace(/^ {2}/, '')).join('\n'), 'sql');
        out.push(options.collapseCodeAs === undefined ? block : collapsible(options.collapseCodeAs, block));
      }
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
    // A collapsible block needs blank lines around it to be read as HTML and Markdown again.
    return options.collapseCodeAs === undefined ? out.join('\n') : out.join('\n\n');
  };
  for (const note of diagnostic.notes ?? []) paragraphs.push(render('note', note));
  for (const help of diagnostic.help ?? []) paragraphs.push(render('help', help));
  return paragraphs.join('\n\n');
}

/**
 * Escapes the characters of plain text that Markdown would read as markup (`\\`, `*`, `_`, `[`,
 * `]`, `<`, `>`, `#`, `|`, `~`, a backtick that opens no code span, `&` that starts an entity
 * reference, and `-`, `+`, `=` or `1.` opening a line), outside backtick code spans, which are
 * kept as code (identifiers in our texts). Control characters become visible ones.
 */
export function escapeMarkdown(text: string): string {
  return escapeForTerminal(text)
    .split(/(`(?:[^`]|``)*`)/)
    .map((part, index) => (index % 2 === 1 ? part.replace(/\r?\n/g, ' ') : escapePlain(part, index === 0)))
    .join('');
}

function escapePlain(text: string, atLineStart: boolean): string {
  let escaped = text.replace(/([\\*_[\]<>#|~`])/g, '\\$1').replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;');
  escaped = escaped.replace(/(^|\n)([ \t]*)([-+=])/g, (whole, start: string, indent: string, mark: string, offset: number) =>
    offset === 0 && !atLineStart ? whole : `${start}${indent}\\${mark}`,
  );
  return escaped.replace(/(^|\n)([ \t]*\d+)([.)])/g, (whole, start: string, digits: string, mark: string, offset: number) =>
    offset === 0 && !atLineStart ? whole : `${start}${digits}\\${mark}`,
  );
}

/**
 * `text` as one inline code span: delimited by one backtick more than the longest run inside it,
 * padded with a space when it starts or ends with a backtick; line breaks become spaces and control
 * characters visible ones. Safe in headings, list items and link texts.
 */
export function codeSpan(text: string): string {
  const inner = escapeForTerminal(text).replace(/\r?\n/g, ' ');
  if (inner === '') return '` `';
  const fence = '`'.repeat(longestBacktickRun(inner) + 1);
  const pad = inner.startsWith('`') || inner.endsWith('`') || (inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${inner}${pad}${fence}`;
}

/** `code` as a fenced code block with the info string `language`, its fence longer than any backtick run inside. */
export function fencedCode(code: string, language = ''): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(code) + 1));
  return `${fence}${language}\n${escapeForTerminal(code)}\n${fence}`;
}

/** Text for HTML content or attribute values: `&`, `<`, `>`, `"` and `'` as entities, control characters visible. */
export function escapeHtml(text: string): string {
  return escapeForTerminal(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A collapsible block: `<details>` with the plain-text `summary` (escaped here) and the Markdown
 * `body`, separated by blank lines so that GitHub renders the body as Markdown.
 */
export function collapsible(summary: string, body: string): string {
  return `<details><summary>${escapeHtml(summary)}</summary>\n\n${body}\n\n</details>`;
}

/** `[text](url)` with the URL's spaces, parentheses and angle brackets percent-encoded; `text` is Markdown already. */
export function markdownLink(text: string, url: string): string {
  const safe = url.replace(/[\s()<>]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${text}](${safe})`;
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return longest;
}
