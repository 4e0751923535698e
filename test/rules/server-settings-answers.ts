/**
 * The recorded server answers of a server-settings example, as the facts the live reader
 * (src/live/server-variables.ts) would hand the rule. Shared by the recorded-answer tests and
 * the live tests that compare a real server with them.
 */
import type { RuleExample } from '../../src/rule.js';
import type { ServerSettingsFacts } from '../../src/live/server-variables.js';

/** The facts the live reader would hand the rule for an example's recorded answers. */
export function recordedFacts(example: Pick<RuleExample, 'serverSettings'>, flavor: 'mysql' | 'mariadb' = 'mariadb'): ServerSettingsFacts {
  const server = example.serverSettings ?? {};
  const source = server.replicationSource;
  const [host, port] = source ? source.split(':') : [];
  return {
    flavor,
    variables: { ...server.variables },
    status: { ...server.status },
    replicationSource: host ? { kind: 'source', host, ...(port ? { port: Number(port) } : {}), running: true } : { kind: 'none' },
    ...(server.groupMembers !== undefined ? { groupMembers: server.groupMembers } : {}),
  };
}

