// kubectl cp [NS/]POD:PATH LOCAL | LOCAL [NS/]POD:PATH [-c CONTAINER]: files and directories between the
// machine kubectl runs on and a running container, through the container's tar as the real client does.
import { ApiError } from '../../cluster/apiserver/errors.ts';
import type { FileSystem } from '../../cluster/types.ts';
import { CmdError } from '../errors.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { resolvePath } from '../manifest.ts';
import { msg } from '../messages.ts';
import { defaultContainer } from './logs.ts';

interface Spec {
  pod?: string;
  namespace?: string;
  path: string;
}

/** kubectl's extractFileSpec: `ns/pod:path`, `pod:path`, or a local path. */
function fileSpec(arg: string): Spec {
  const colon = arg.indexOf(':');
  if (colon < 0) return { path: arg };
  const podPart = arg.slice(0, colon);
  const path = arg.slice(colon + 1);
  const slash = podPart.indexOf('/');
  return slash < 0 ? { pod: podPart, path } : { namespace: podPart.slice(0, slash), pod: podPart.slice(slash + 1), path };
}

const base = (p: string) => p.replace(/\/+$/, '').slice(p.replace(/\/+$/, '').lastIndexOf('/') + 1);

/** Copy a file or a directory tree from one file system to another (tar -c | tar -x). */
function copyTree(from: FileSystem, src: string, to: FileSystem, dest: string): void {
  if (from.isDir(src)) {
    if (!to.exists(dest)) to.mkdir(dest, { parents: true });
    for (const name of from.list(src)) copyTree(from, `${src.replace(/\/$/, '')}/${name}`, to, `${dest.replace(/\/$/, '')}/${name}`);
    return;
  }
  to.write(to.isDir(dest) ? `${dest.replace(/\/$/, '')}/${base(src)}` : dest, from.read(src));
}

export const cpVerb: Verb = {
  name: 'cp',
  help: 'cp',
  async run(inv: Invocation) {
    const { ctx, flags } = inv;
    if (inv.args.length !== 2) throw new CmdError('source and destination are required', msg.seeHelpExamples('cp'));
    const src = fileSpec(inv.args[0]!);
    const dest = fileSpec(inv.args[1]!);
    if (!src.pod && !dest.pod) throw new CmdError('one of src or dest must be a remote file specification', msg.seeHelpExamples('cp'));
    if (src.pod && dest.pod) throw new CmdError('one of src or dest must be a local file specification', msg.seeHelpExamples('cp'));
    const remote = (src.pod ? src : dest) as Required<Pick<Spec, 'pod'>> & Spec;
    if (!remote.path) throw new CmdError('remote path can not be empty');
    const ns = remote.namespace ?? inv.namespace;
    const pod = ctx.cluster.api.get('pods', ns, remote.pod);
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') throw new CmdError(msg.execCompleted(phase));
    const container = flags.str('container') || defaultContainer(inv, pod, false);
    const names = ((pod.spec?.containers as { name: string }[] | undefined) ?? []).map((c) => c.name);
    if (!names.includes(container)) throw new ApiError('BadRequest', msg.containerNotValid(container, pod.metadata.name), { group: '', kind: 'pods', name: pod.metadata.name });
    const env = ctx.cluster.runtime?.exec(ns, pod.metadata.name, container);
    if (!env) throw new CmdError(msg.execContainerNotFound(container));
    // kubectl cp runs tar in the container: an image without it cannot be copied from or to
    if (env.which('tar') === undefined) throw new CmdError(msg.execNotFound(ctx.cluster.random.hex(64), 'exec: "tar": executable file not found in $PATH'));
    const inContainer = (p: string) => resolvePath(env.workingDir || '/', p);
    if (src.pod) {
      const from = inContainer(src.path);
      if (src.path.startsWith('/')) ctx.err("tar: Removing leading `/' from member names\n");
      if (!env.fs.exists(from)) {
        ctx.err(`tar: ${src.path.replace(/^\//, '')}: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n`);
        ctx.err('command terminated with exit code 2\n');
        return 1;
      }
      copyTree(env.fs, from, ctx.fs, resolvePath(ctx.cwd, dest.path));
      return 0;
    }
    const from = resolvePath(ctx.cwd, src.path);
    if (!ctx.fs.exists(from)) throw new CmdError(`${src.path} doesn't exist in local filesystem`);
    const to = inContainer(dest.path);
    const parent = to.slice(0, to.lastIndexOf('/')) || '/';
    if (!env.fs.isDir(parent)) {
      ctx.err(`tar: ${parent}: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\ncommand terminated with exit code 2\n`);
      return 1;
    }
    copyTree(ctx.fs, from, env.fs, to);
    return 0;
  },
};
