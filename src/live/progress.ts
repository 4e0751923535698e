/**
 * The progress line of a live run: one line on stderr, rewritten in place, naming each probe in
 * flight, the rows its table holds by the server's estimate, what the server says it is doing,
 * and the time so far. Shown only on a terminal (`isTTY`) and only once a probe has run longer
 * than a delay; cleared when the last probe in flight ends. Never part of a report.
 *
 * What the server exposes while a statement runs (information_schema.PROCESSLIST, observed on
 * MariaDB 10.11 on a 2,000,000-row table; MariaDB KB "Information Schema PROCESSLIST Table",
 * "Progress Reporting"):
 * - a probe's SELECT: `EXAMINED_ROWS` grows while the rows are read (the probe's query reads the
 *   table once to count and once to group, so it can reach twice the table's rows), then stays
 *   while the server sorts; `STATE` says `Sending data` or `Creating sort index`; `PROGRESS` stays 0;
 * - the `INSERT ... SELECT` that copies key columns into a scratch table: `EXAMINED_ROWS` stays 0
 *   and `PROGRESS` stays 0 until it ends: only `STATE` (`Sending data`) and the elapsed time;
 * - the scratch table's `ALTER TABLE ... MODIFY`: `STAGE`, `MAX_STAGE` and `PROGRESS` (a
 *   percentage of the stage) are filled in.
 * MySQL's PROCESSLIST has `STATE` only, so there the line shows the state and the time.
 */
import { withThousandsSeparators } from '../analysis/sql-text.js';

/** A stream progress lines may go to (stderr). Progress is shown only when `isTTY` is true. */
export interface ProgressStream {
  isTTY?: boolean;
  /** Width of the terminal in characters, when known; the line is cut to fit. */
  columns?: number;
  write(text: string): unknown;
}

/** What the server says about one connection's running statement. */
export interface ServerProgress {
  /** PROCESSLIST `STATE`, e.g. `Sending data`, `Creating sort index`. */
  state?: string;
  /** MariaDB `EXAMINED_ROWS`: rows the statement examined so far. */
  examinedRows?: number;
  /** MariaDB `STAGE`/`MAX_STAGE`/`PROGRESS` (percent of the stage), for statements that report progress. */
  stage?: { stage: number; maxStage: number; percent: number };
}

/** Reads the server's progress of the given connection ids (PROCESSLIST `ID`s). */
export type ServerProgressReader = (connectionIds: number[]) => Promise<Map<number, ServerProgress>>;

/** Options of a progress line. */
export interface ProgressLineOptions {
  /** How long a probe runs before the line appears, in milliseconds; default 1 000. */
  delayMs?: number;
  /** How often the line is redrawn (and the server asked), in milliseconds; default 1 000. */
  intervalMs?: number;
  /** How to ask the server what a connection is doing; without it the line shows the estimate and the time. */
  readServerProgress?: ServerProgressReader;
  /** Clock, in milliseconds; default `Date.now`. */
  now?: () => number;
}

interface ActiveProbe {
  label: string;
  estimatedRows?: number;
  connectionId?: number;
  started: number;
  server?: ServerProgress;
}

const DEFAULT_DELAY_MS = 1_000;
const DEFAULT_INTERVAL_MS = 1_000;
const CLEAR_LINE = '\r\u001b[K';

/** `1.2 s`, `12 s`: the elapsed time of a probe. */
export function formatElapsed(ms: number): string {
  const seconds = ms / 1000;
  return seconds < 10 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds)} s`;
}

/** The part of the line about one probe. */
export function describeProbe(probe: { label: string; estimatedRows?: number; server?: ServerProgress }, elapsedMs: number): string {
  const parts: string[] = [];
  if (probe.estimatedRows !== undefined) parts.push(`about ${withThousandsSeparators(probe.estimatedRows)} rows`);
  const server = probe.server;
  if (server?.examinedRows !== undefined && server.examinedRows > 0) parts.push(`${withThousandsSeparators(server.examinedRows)} rows examined`);
  if (server?.stage && server.stage.maxStage > 0) parts.push(`stage ${server.stage.stage} of ${server.stage.maxStage}, ${server.stage.percent.toFixed(0)}%`);
  if (server?.state) parts.push(server.state.toLowerCase());
  parts.push(formatElapsed(elapsedMs));
  return `${probe.label} (${parts.join(', ')})`;
}

/**
 * The progress line of a live run (module docstring). `track` wraps each probe; probes may run
 * in parallel. Does nothing unless the stream is a TTY.
 */
export class ProgressLine {
  private readonly active = new Set<ActiveProbe>();
  private timer: NodeJS.Timeout | undefined;
  private shown = false;
  private polling = false;
  private readonly now: () => number;

  constructor(
    private readonly stream: ProgressStream | undefined,
    private readonly options: ProgressLineOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Whether anything will ever be written. */
  get enabled(): boolean {
    return this.stream?.isTTY === true;
  }

  /**
   * Runs `work` as a probe of `label` (a quoted table name) over connection `connectionId`,
   * showing it on the line while it runs.
   */
  async track<T>(probe: { label: string; estimatedRows?: number; connectionId?: number }, work: () => Promise<T>): Promise<T> {
    if (!this.enabled) return work();
    const entry: ActiveProbe = { ...probe, started: this.now() };
    this.active.add(entry);
    this.schedule();
    try {
      return await work();
    } finally {
      this.active.delete(entry);
      if (this.active.size === 0) this.stop();
      else if (this.shown) this.draw();
    }
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.tick(), this.options.delayMs ?? DEFAULT_DELAY_MS);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (this.active.size === 0) return;
    const due = [...this.active].some((probe) => this.now() - probe.started >= (this.options.delayMs ?? DEFAULT_DELAY_MS));
    if (due) {
      this.draw();
      await this.poll();
      if (this.active.size > 0) this.draw();
    }
    if (this.active.size > 0 && !this.timer) this.timer = setTimeout(() => void this.tick(), this.options.intervalMs ?? DEFAULT_INTERVAL_MS);
  }

  /** Asks the server what the connections in flight are doing; a failure leaves the line without it. */
  private async poll(): Promise<void> {
    const reader = this.options.readServerProgress;
    if (!reader || this.polling) return;
    const ids = [...this.active].flatMap((probe) => (probe.connectionId !== undefined ? [probe.connectionId] : []));
    if (ids.length === 0) return;
    this.polling = true;
    try {
      const progress = await reader(ids);
      for (const probe of this.active) {
        const server = probe.connectionId !== undefined ? progress.get(probe.connectionId) : undefined;
        if (server) probe.server = server;
      }
    } catch {
      // The line is a courtesy: without the server's figures it shows the estimate and the time.
    } finally {
      this.polling = false;
    }
  }

  private draw(): void {
    if (this.active.size === 0) return;
    const now = this.now();
    const text = `uniqlint: live check of ${[...this.active].map((probe) => describeProbe(probe, now - probe.started)).join(' · ')}…`;
    const width = this.stream!.columns;
    const fitted = width !== undefined && width > 1 && text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text;
    this.stream!.write(`${CLEAR_LINE}${fitted}`);
    this.shown = true;
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.shown) this.stream!.write(CLEAR_LINE);
    this.shown = false;
  }
}
