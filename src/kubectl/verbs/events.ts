// kubectl events [--for TYPE/NAME] [--types Warning] [-A] [-w]: the namespace's events oldest first,
// as `kubectl get events --sort-by=.lastTimestamp` shows them, with its own wording when there are none.
import { CmdError } from '../errors.ts';
import type { Invocation, Verb } from '../invocation.ts';
import { resolveType } from '../resources.ts';

export const eventsVerb: Verb = {
  name: 'events',
  aliases: ['ev'],
  help: 'events',
  async run(inv: Invocation) {
    const { ctx, flags } = inv;
    if (inv.args.length) throw new CmdError(`unknown command "${inv.args[0]}" for "kubectl events"`);
    const selectors: string[] = [];
    const target = flags.str('for');
    if (target) {
      const slash = target.indexOf('/');
      if (slash <= 0) throw new CmdError(`--for must be in resource/name form`);
      const [r] = resolveType(ctx.cluster.api, target.slice(0, slash));
      selectors.push(`involvedObject.kind=${r!.kind}`, `involvedObject.name=${target.slice(slash + 1)}`);
    }
    const types = flags.list('types').flatMap((t) => t.split(',')).filter(Boolean);
    for (const t of types) if (t !== 'Normal' && t !== 'Warning') throw new CmdError(`valid --types are Normal or Warning`);
    if (types.length === 1) selectors.push(`type=${types[0]}`);
    const allNs = flags.bool('all-namespaces');
    const args = ['get', 'events', '--sort-by=.lastTimestamp', ...(allNs ? ['-A'] : ['-n', inv.namespace]), ...(selectors.length ? ['--field-selector', selectors.join(',')] : []), ...(flags.bool('no-headers') ? ['--no-headers'] : []), ...(flags.str('output') ? ['-o', flags.str('output')] : []), ...(flags.bool('watch') ? ['-w'] : [])];
    const { dispatch } = await import('../commands.ts');
    let err = '';
    const code = await dispatch({ ...ctx, args, err: (s) => void (err += s) });
    // kubectl events words the empty case its own way
    ctx.err(err.replace(/^No resources found in (.*) namespace\.\n$/, 'No events found in $1 namespace.\n').replace(/^No resources found\n$/, 'No events found.\n'));
    return code;
  },
};
