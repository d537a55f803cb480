// `systemctl start|stop|restart|status|enable|disable|daemon-reload|is-active|is-enabled UNIT` and
// `journalctl -u UNIT`, over the units of src/cluster/hosts/services.ts (CentOS 7, systemd 219 wording).
import type { Program, ProgramContext } from '../../kubectl/context.ts';
import { here } from './common.ts';
import { systemdTime } from '../../cluster/hosts/services.ts';

const unitName = (n: string) => n.replace(/\.service$/, '');

/** systemctl ellipsizes long lines to the terminal width unless -l / --full. */
function fit(text: string, ctx: ProgramContext, full: boolean): string {
  if (full || !ctx.tty) return text;
  return text
    .split('\n')
    .map((l) => ([...l].length > ctx.columns ? [...l].slice(0, ctx.columns - 1).join('') + '…' : l))
    .join('\n');
}

export const systemctl: Program = async (ctx) => {
  const m = here(ctx);
  const args = ctx.args.filter((a) => !a.startsWith('-'));
  const full = ctx.args.includes('-l') || ctx.args.includes('--full');
  const [verb, ...names] = args;
  if (!m) {
    ctx.err('System has not been booted with systemd as init system (PID 1). Can\'t operate.\n');
    return 1;
  }
  if (!verb) {
    ctx.out(`  UNIT                         LOAD   ACTIVE SUB     DESCRIPTION\n${[...m.units.values()].map((u) => `  ${(u.name + '.service').padEnd(28)} loaded ${u.isActiveWord().padEnd(6)} ${(u.running ? 'running' : 'dead').padEnd(7)} ${u.spec.description}`).join('\n')}\n`);
    return 0;
  }
  if (verb === 'daemon-reload' || verb === 'daemon-reexec') return 0;
  if (!names.length) {
    if (verb === 'status') {
      ctx.out(`● ${m.name}\n    State: running\n     Jobs: 0 queued\n   Failed: 0 units\n`);
      return 0;
    }
    ctx.err(`Too few arguments.\n`);
    return 1;
  }
  let status = 0;
  for (const raw of names) {
    const name = unitName(raw);
    const u = m.unit(name);
    if (!u) {
      if (verb === 'status') {
        ctx.err(`Unit ${name}.service could not be found.\n`);
        status = 4;
      } else if (verb === 'is-active') {
        ctx.out('unknown\n');
        status = 3;
      } else {
        ctx.err(`Failed to ${verb === 'is-enabled' ? 'get unit file state for' : verb} ${name}.service: Unit not found.\n`);
        status = verb === 'is-enabled' ? 1 : 5;
      }
      continue;
    }
    switch (verb) {
      case 'status':
        ctx.out(fit(u.statusText(), ctx, full));
        if (!u.running) status = 3;
        break;
      case 'start':
      case 'restart':
      case 'reload-or-restart':
      case 'try-restart': {
        const r = verb === 'start' ? u.start() : u.restart();
        await ctx.sleep(verb === 'start' ? 300 : 600);
        if (!r.ok) {
          ctx.err(`Job for ${name}.service failed because the control process exited with error code. See "systemctl status ${name}.service" and "journalctl -xe" for details.\n`);
          status = 1;
        }
        break;
      }
      case 'stop':
        u.stop();
        break;
      case 'enable':
        if (!u.enabled) ctx.err(`Created symlink from /etc/systemd/system/multi-user.target.wants/${name}.service to ${u.spec.path}.\n`);
        u.enabled = true;
        if (ctx.args.includes('--now')) u.start();
        break;
      case 'disable':
        if (u.enabled) ctx.err(`Removed symlink /etc/systemd/system/multi-user.target.wants/${name}.service.\n`);
        u.enabled = false;
        if (ctx.args.includes('--now')) u.stop();
        break;
      case 'is-active':
        ctx.out(u.isActiveWord() + '\n');
        if (!u.running) status = 3;
        break;
      case 'is-enabled':
        ctx.out((u.enabled ? 'enabled' : 'disabled') + '\n');
        if (!u.enabled) status = 1;
        break;
      default:
        ctx.err(`Unknown operation '${verb}'.\n`);
        return 1;
    }
  }
  return status;
};

export const journalctl: Program = async (ctx) => {
  const m = here(ctx);
  let unit: string | undefined;
  let n: number | undefined;
  for (let i = 0; i < ctx.args.length; i++) {
    const a = ctx.args[i]!;
    if (a === '-u' || a === '--unit') unit = ctx.args[++i];
    else if (a.startsWith('--unit=')) unit = a.slice(7);
    else if (/^-[a-z]*u$/.test(a)) unit = ctx.args[++i];
    else if (a === '-n' || a === '--lines') n = Number(ctx.args[++i]);
    else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else if (/^-[a-z]*e/.test(a)) n = n ?? 1000;
  }
  const units = m ? (unit ? [m.unit(unitName(unit))].filter((u) => u !== undefined) : [...m.units.values()]) : [];
  let lines = units.flatMap((u) => u.journal.map((j) => ({ j, u })))
    .sort((a, b) => a.j.at - b.j.at)
    .map(({ u, j }) => u.journalLines()[u.journal.indexOf(j)]!);
  if (n !== undefined) lines = lines.slice(-n);
  if (!lines.length) {
    ctx.out('-- No entries --\n');
    return 0;
  }
  const first = Math.min(...units.flatMap((u) => u.journal.map((j) => j.at)));
  const last = Math.max(...units.flatMap((u) => u.journal.map((j) => j.at)));
  ctx.out(`-- Logs begin at ${systemdTime(first)}, end at ${systemdTime(last)}. --\n` + lines.join('\n') + '\n');
  return 0;
};
