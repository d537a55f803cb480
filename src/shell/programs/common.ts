// Shared helpers for the machine programs (docker, systemctl, scp, ssh): the current machine and the others.
import type { ProgramContext } from '../../kubectl/context.ts';
import { machinesOf, type Machine, type MutableHosts } from '../../cluster/hosts/index.ts';

export function machines(ctx: ProgramContext): MutableHosts | undefined {
  return machinesOf(ctx.cluster.hosts);
}

/** The machine the shell is on (ctx.host, default master). */
export function here(ctx: ProgramContext): Machine | undefined {
  return machines(ctx)?.machine(ctx.host ?? 'master');
}

/** `root@node1` / `node1` / `10.0.2.16` → the machine it reaches from `from`, or why not (ssh's words). */
export function reach(ctx: ProgramContext, target: string): { machine: Machine; user: string; name: string } | { error: string } {
  const at = target.lastIndexOf('@');
  const user = at >= 0 ? target.slice(0, at) : 'root';
  const name = at >= 0 ? target.slice(at + 1) : target;
  const hosts = machines(ctx);
  const from = here(ctx);
  if (!hosts || !from) return { error: `ssh: Could not resolve hostname ${name}: Name or service not known` };
  const ip = /^\d+\.\d+\.\d+\.\d+$/.test(name) ? name : from.resolve(name);
  if (!ip) return { error: `ssh: Could not resolve hostname ${name}: Name or service not known` };
  const m = hosts.names().map((n) => hosts.machine(n)!).find((x) => x.ip === ip || (ip === '127.0.0.1' && x.name === from.name));
  if (!m) return { error: `ssh: connect to host ${name} port 22: No route to host` };
  if (!m.unit('sshd')?.running) return { error: `ssh: connect to host ${name} port 22: Connection refused` };
  return { machine: m, user, name };
}
