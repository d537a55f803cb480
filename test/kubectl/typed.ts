// A typed session on a simulated cluster's master: the lines as a learner types them, two virtual
// seconds apart, and what the terminal showed.
import type { Cluster } from '../../src/cluster/types.ts';
import { ShellSession } from '../../src/shell/session.ts';

export async function typed(cluster: Cluster, ...lines: string[]): Promise<string> {
  const s = new ShellSession({ cluster, realtime: false, typingDelayMs: 2000 });
  let out = '';
  await s.runScript(lines.join('\n') + '\n', (t) => (out += t));
  return out;
}
