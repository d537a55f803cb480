// `containerd config default|dump` and `containerd --version` on machines with containerd.io.
import type { Program } from '../../kubectl/context.ts';
import { here } from './common.ts';
import { CONTAINERD_CONFIG_DEFAULT_OUTPUT, CONTAINERD_IO_REVISION, CONTAINERD_IO_VERSION, CONTAINERD_REVISION, CONTAINERD_VERSION } from '../../cluster/hosts/containerd.ts';

export const containerd: Program = async (ctx) => {
  const m = here(ctx);
  if (!m || !m.os.hasCommand('containerd')) {
    ctx.err('bash: containerd: command not found\n');
    return 127;
  }
  const pkg = m.os.packages.installed('containerd.io');
  const version = pkg?.version ?? CONTAINERD_VERSION;
  const [a, b] = ctx.args;
  if (a === '--version' || a === '-v' || a === 'version') {
    ctx.out(`containerd containerd.io ${version} ${pkg && version === CONTAINERD_IO_VERSION ? CONTAINERD_IO_REVISION : CONTAINERD_REVISION}\n`);
    return 0;
  }
  if (a === 'config' && b === 'default') {
    ctx.out(CONTAINERD_CONFIG_DEFAULT_OUTPUT);
    return 0;
  }
  if (a === 'config' && b === 'dump') {
    ctx.out(m.containerd?.config ? CONTAINERD_CONFIG_DEFAULT_OUTPUT : CONTAINERD_CONFIG_DEFAULT_OUTPUT);
    return 0;
  }
  if (a === 'config') {
    ctx.out('NAME:\n   containerd config - information on the containerd config\n\nUSAGE:\n   containerd config command [command options] [arguments...]\n\nCOMMANDS:\n   default  see the output of the default config\n   dump     see the output of the final main config with imported in subconfig files\n   migrate  migrate the current config to the latest config version\n\nOPTIONS:\n   --help, -h  show help\n');
    return 0;
  }
  ctx.err('containerd: the daemon runs as the containerd service (systemctl start containerd)\n');
  return 1;
};
