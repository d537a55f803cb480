// `docker …` on machines with a Docker engine (master, harbor): hands argv to src/cluster/docker.
import type { Program } from '../../kubectl/context.ts';
import { here } from './common.ts';

export const docker: Program = async (ctx) => {
  const m = here(ctx);
  if (!m?.docker) {
    ctx.err('bash: docker: command not found\n');
    return 127;
  }
  if (!ctx.args.length || ctx.args[0] === '--help' || ctx.args[0] === 'help') {
    ctx.out('\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\nCommon Commands:\n  run         Create and run a new container from an image\n  exec        Execute a command in a running container\n  ps          List containers\n  build       Build an image from a Dockerfile\n  pull        Download an image from a registry\n  push        Upload an image to a registry\n  images      List images\n  login       Log in to a registry\n  logout      Log out from a registry\n  search      Search Docker Hub for images\n  version     Show the Docker version information\n  info        Display system-wide information\n\nRun \'docker COMMAND --help\' for more information on a command.\n');
    return ctx.args.length ? 0 : 0;
  }
  const r = m.docker.run(ctx.args, { cwd: ctx.cwd, columns: ctx.columns, stdin: ctx.stdin });
  // a build or a push takes a moment of virtual time
  if (r.code === 0 && (ctx.args[0] === 'build' || ctx.args[0] === 'push' || ctx.args[0] === 'pull')) await ctx.sleep(ctx.args[0] === 'build' ? 12000 : 3000);
  if (r.errFirst && r.err) ctx.err(r.err);
  if (r.out) ctx.out(r.out);
  if (r.err && !r.errFirst) ctx.err(r.err);
  return r.code;
};
