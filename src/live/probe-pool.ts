/**
 * The connections a live run probes over, and how probes are spread across them.
 *
 * - `SessionPool` holds the run's first connection and opens more on demand, each with its own
 *   read-only session prepared exactly as the first (`LiveSession.open`: REPEATABLE READ, READ
 *   ONLY, `max_sort_length`, `lock_wait_timeout`, the same timeout). Every probe still opens its own
 *   consistent snapshot (`LiveSession.readSnapshot`), and the file's own `sql_mode` and
 *   `time_zone` travel with each probe, so a probe sees the same thing on any connection of the pool.
 *   A connection that cannot be opened leaves the pool smaller, with a note, never failing the run.
 * - `runByTable` runs checks grouped by the table they read: the groups in parallel over at most
 *   `concurrency` connections, the checks of one group in their order on one connection, so the
 *   checks of one table see the table as one sequence of snapshots on one session, as a serial
 *   run does. Results are written by each check into its own diagnostic, so the report's order
 *   does not depend on which connection finished first.
 */
import { connectLive, describeTarget, type LiveConnection } from './connection.js';
import { LiveSession, type LiveConnectionLostError, type LiveSessionOptions } from './session.js';

interface Member {
  live: LiveConnection;
  session: LiveSession;
}

/** The sessions of a live run (module docstring). Not for concurrent `grow` calls. */
export class SessionPool {
  /** Connections that could not be opened, for stderr. */
  readonly notes: string[] = [];
  private readonly members: Member[];
  private monitorMember: Promise<Member> | undefined;
  private closed = false;

  constructor(
    first: LiveConnection,
    firstSession: LiveSession,
    private readonly sessionOptions: LiveSessionOptions,
  ) {
    this.members = [{ live: first, session: firstSession }];
  }

  /** The sessions open now, the first one first. */
  get sessions(): LiveSession[] {
    return this.members.map((member) => member.session);
  }

  /** The first loss of any connection of the pool (not the progress monitor's), or undefined. */
  get lost(): LiveConnectionLostError | undefined {
    for (const member of this.members) if (member.session.lost) return member.session.lost;
    return undefined;
  }

  /** Opens one more connection and read-only session, like the first. */
  private async open(): Promise<Member> {
    const live = await connectLive(this.members[0]!.live.target);
    try {
      return { live, session: await LiveSession.open(live, this.sessionOptions) };
    } catch (error) {
      await live.close();
      throw error;
    }
  }

  /**
   * Grows the pool to `size` sessions (opened in parallel) and returns the sessions open. A
   * connection the server refuses (max_connections, max_user_connections...) is noted and skipped.
   */
  async grow(size: number): Promise<LiveSession[]> {
    const missing = size - this.members.length;
    if (missing > 0 && !this.closed && !this.lost) {
      const opened = await Promise.allSettled(Array.from({ length: missing }, () => this.open()));
      for (const outcome of opened) {
        if (outcome.status === 'fulfilled') this.members.push(outcome.value);
      }
      const failure = opened.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (failure) {
        const reason = (failure.reason instanceof Error ? failure.reason.message : String(failure.reason)).split('\n')[0];
        this.notes.push(
          `could not open ${size - this.members.length} more connection(s) to ${describeTarget(this.members[0]!.live.target)} (${reason}); ` +
            `the probes ran over ${this.members.length}`,
        );
      }
    }
    return this.sessions;
  }

  /**
   * The session that reads information_schema.PROCESSLIST for the progress line: a connection of
   * its own (the probing ones are busy), opened the first time it is asked for.
   *
   * @throws whatever opening it throws (the progress line then does without).
   */
  async monitor(): Promise<LiveSession> {
    this.monitorMember ??= this.open();
    return (await this.monitorMember).session;
  }

  /** Closes every connection, the monitor's included. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    const monitor = this.monitorMember ? await this.monitorMember.catch(() => undefined) : undefined;
    await Promise.all([...this.members, ...(monitor ? [monitor] : [])].map((member) => member.live.close()));
  }
}

/**
 * Runs `check` for every job: jobs with the same `tableOf` key form a group, groups are taken in
 * the order their first job comes, and each of at most `concurrency` sessions of `pool` takes the
 * next group and runs its jobs one after another. Resolves when every job has run; rejects with the
 * first error a check throws, after the other sessions have finished their current group.
 */
export async function runByTable<J>(
  pool: SessionPool,
  jobs: readonly J[],
  tableOf: (job: J) => string,
  concurrency: number,
  check: (job: J, session: LiveSession) => Promise<void>,
): Promise<void> {
  if (jobs.length === 0) return;
  const groups = new Map<string, J[]>();
  for (const job of jobs) {
    const key = tableOf(job);
    const group = groups.get(key);
    if (group) group.push(job);
    else groups.set(key, [job]);
  }
  const queue = [...groups.values()];
  const sessions = await pool.grow(Math.max(1, Math.min(concurrency, queue.length)));
  const workers = sessions.slice(0, Math.max(1, Math.min(concurrency, queue.length)));
  const failures: unknown[] = [];
  await Promise.all(
    workers.map(async (session) => {
      for (let group = queue.shift(); group && failures.length === 0; group = queue.shift()) {
        for (const job of group) {
          try {
            await check(job, session);
          } catch (error) {
            failures.push(error);
            return;
          }
        }
      }
    }),
  );
  if (failures.length > 0) throw failures[0];
}
