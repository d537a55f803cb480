// `yum`, `rpm` and `yum-config-manager` on the CentOS 7 machines: argument handling and the [y/N]
// prompts here; repositories, packages and their effects in src/cluster/hosts/packages.
import type { Program, ProgramContext } from '../../kubectl/context.ts';
import { here } from './common.ts';
import { runYum } from '../../cluster/hosts/packages/yum.ts';
import { runConfigManager, runRpm } from '../../cluster/hosts/packages/rpm.ts';

/** Answers to yum's prompts: lines of piped stdin (`echo y | yum install wget`), else what is typed at the terminal. */
function answers(ctx: ProgramContext): () => Promise<string | null> {
  if (ctx.stdin === null) return async () => (ctx.readLine ? ctx.readLine() : null);
  const lines = ctx.stdin.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return async () => {
    const l = lines.shift();
    if (l === undefined) return null;
    // the prompt's line ends where the piped answer was read
    ctx.out(`${l}\n`);
    return l;
  };
}

export const yum: Program = async (ctx) => {
  const m = here(ctx);
  if (!m) {
    ctx.err('bash: yum: command not found\n');
    return 127;
  }
  return runYum(m, ctx.args, { out: ctx.out, err: ctx.err, sleep: (ms) => ctx.sleep(ms), answer: answers(ctx), columns: ctx.tty ? ctx.columns : 80 });
};

export const rpm: Program = async (ctx) => {
  const m = here(ctx);
  if (!m) {
    ctx.err('bash: rpm: command not found\n');
    return 127;
  }
  const r = runRpm(m, ctx.args);
  if (r.out) ctx.out(r.out);
  if (r.err) ctx.err(r.err);
  return r.code;
};

export const yumConfigManager: Program = async (ctx) => {
  const m = here(ctx);
  if (!m || !m.os.hasCommand('yum-config-manager')) {
    ctx.err('bash: yum-config-manager: command not found\n');
    return 127;
  }
  const r = runConfigManager(m, ctx.args, (url) => ({ ok: false, error: `[Errno 14] ${url.startsWith('https') ? 'HTTPS' : 'HTTP'} Error 404 - Not Found` }));
  if (r.out) ctx.out(r.out);
  if (r.err) ctx.err(r.err);
  return r.code;
};
