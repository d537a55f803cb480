// bash completion as seed 004 tells it: without bash-completion and kubectl's script the Tab key completes
// file names; `source <(kubectl completion bash)` alone gives bash-completion's missing helper; both together
// complete kubectl's commands, types and names. Startup files are read at login, ssh and `exec bash`.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/cluster.ts';
import { machinesOf } from '../../src/cluster/hosts/index.ts';
import { BASH_COMPLETION_FILES } from '../../src/cluster/hosts/bash-completion-files.ts';
import type { Cluster } from '../../src/cluster/types.ts';
import { terminal } from './helpers.ts';

const PROMPT = '[root@master ~]# ';

function bare(): Cluster {
  const c = createCluster({ preset: 'bare' });
  for (const m of ['master', 'node1', 'node2', 'node3']) machinesOf(c.hosts)!.machine(m)!.os.addCommands(['kubectl']);
  return c;
}

/** What `yum install bash-completion` puts on the machine. */
function installBashCompletion(c: Cluster, host = 'master'): void {
  const fs = c.hosts.get(host)!.fs;
  for (const [path, text] of Object.entries(BASH_COMPLETION_FILES)) {
    fs.mkdir(path.slice(0, path.lastIndexOf('/')), { parents: true });
    fs.write(path, text);
  }
  fs.mkdir('/etc/bash_completion.d', { parents: true });
}

async function typed(t: ReturnType<typeof terminal>, line: string): Promise<void> {
  t.session.input(line + '\r');
  await t.settle();
}

describe('bash completion on a bare machine', () => {
  it('type _init_completion is not found and kubectl has no completion spec', async () => {
    const t = terminal({ cluster: bare() });
    await typed(t, 'type _init_completion; echo rc=$?');
    await typed(t, 'complete -p kubectl');
    expect(t.screen.lines().slice(1, 4)).toEqual(['bash: type: _init_completion: not found', 'rc=1', PROMPT + 'complete -p kubectl']);
    expect(t.screen.lines()[4]).toBe('bash: complete: kubectl: no completion specification');
  });

  it('before kubectl completion is registered, Tab after kubectl completes file names only', async () => {
    const t = terminal({ cluster: bare() });
    await typed(t, 'touch pod-notes.txt; clear');
    t.session.input('kubectl get po\t');
    expect(t.screen.lines().at(-1)).toBe(PROMPT + 'kubectl get pod-notes.txt ');
  });

  it('kubectl completion without bash-completion: the helper is missing, and file names follow (-o default)', async () => {
    const t = terminal({ cluster: bare() });
    await typed(t, 'source <(kubectl completion bash)');
    await typed(t, 'complete -p kubectl');
    expect(t.screen.lines().at(-2)).toBe('complete -o default -F __start_kubectl kubectl');
    await typed(t, 'clear');
    t.session.input('kubectl ge\t');
    expect(t.screen.lines()).toEqual([PROMPT + 'kubectl gebash: _get_comp_words_by_ref: command not found', PROMPT + 'kubectl ge']);
  });

  it('installing bash-completion and `exec bash`: _init_completion is a function, kubectl completes once registered', async () => {
    const c = bare();
    const t = terminal({ cluster: c });
    installBashCompletion(c);
    await typed(t, 'exec bash');
    await typed(t, 'type _init_completion | head -4');
    expect(t.screen.lines().slice(2, 6)).toEqual(['_init_completion is a function', '_init_completion () ', '{ ', '    local exclude= flag outx errx inx OPTIND=1;']);
    await typed(t, "echo 'source <(kubectl completion bash)' >> ~/.bashrc");
    await typed(t, '. ~/.bashrc');
    await typed(t, 'clear');
    t.session.input('kubectl ge\t');
    expect(t.screen.text()).toBe(PROMPT + 'kubectl get ');
    t.session.input('nod\t');
    expect(t.screen.text()).toBe(PROMPT + 'kubectl get nodes ');
  });

  it("seed 004's fallback: the source line for bash_completion in ~/.bashrc takes effect at `exec bash`", async () => {
    const c = bare();
    installBashCompletion(c);
    // without the profile hook only the .bashrc line loads it
    c.hosts.get('master')!.fs.remove('/etc/profile.d/bash_completion.sh');
    const t = terminal({ cluster: c });
    await typed(t, 'type -t _init_completion; echo rc=$?');
    await typed(t, 'echo source /usr/share/bash-completion/bash_completion >> ~/.bashrc; exec bash; type -t _init_completion');
    expect(t.screen.lines().slice(1, 2)).toEqual(['rc=1']);
    expect(t.screen.lines().at(-2)).toBe('function');
  });

  it('the script saved in /etc/bash_completion.d is loaded with bash-completion at the next login', async () => {
    const c = bare();
    installBashCompletion(c);
    const t = terminal({ cluster: c });
    await typed(t, 'kubectl completion bash > /etc/bash_completion.d/kubectl');
    await typed(t, 'complete -p kubectl 2>&1 | wc -l; exec bash -l; complete -p kubectl');
    expect(t.screen.lines().slice(-3, -1)).toEqual(['1', 'complete -o default -F __start_kubectl kubectl']);
  });

  it('ssh reads the other machine’s startup files: completion there depends on that machine', async () => {
    const c = bare();
    installBashCompletion(c);
    c.hosts.get('master')!.fs.write('/root/.bashrc', c.hosts.get('master')!.fs.read('/root/.bashrc') + 'source <(kubectl completion bash)\nalias k=kubectl\ncomplete -o default -F __start_kubectl k\n');
    const t = terminal({ cluster: c });
    await typed(t, 'complete -p; ssh 10.0.2.16 complete -p kubectl');
    expect(t.screen.lines().slice(1, 4)).toEqual(['complete -o default -F __start_kubectl kubectl', 'complete -o default -F __start_kubectl k', 'bash: complete: kubectl: no completion specification']);
    await typed(t, 'clear');
    t.session.input('k ge\t');
    expect(t.screen.text()).toBe(PROMPT + 'k get ');
  });
});

describe('the kubeadm preset', () => {
  it('every cluster machine logs in with bash-completion and kubectl completion (seed 004 already done)', async () => {
    const c = createCluster({ seed: 2 });
    const t = terminal({ cluster: c });
    await typed(t, 'type -t _init_completion; complete -p kubectl; ssh node3 complete -p kubectl');
    expect(t.screen.lines().slice(2, 5)).toEqual(['function', 'complete -o default -F __start_kubectl kubectl', 'complete -o default -F __start_kubectl kubectl']);
    await typed(t, 'clear');
    t.session.input('kubectl get no\t');
    expect(t.screen.text()).toBe(PROMPT + 'kubectl get nodes ');
  });
});

describe('completionAtLogin (lab checks)', () => {
  it('is true only when both bash-completion and the kubectl line are in place', async () => {
    const { completionAtLogin } = await import('../../src/shell/completion.ts');
    const c = bare();
    const fs = c.hosts.get('master')!.fs;
    expect(completionAtLogin(fs)).toEqual({ bashCompletion: false, kubectl: false });
    fs.write('/root/.bashrc', fs.read('/root/.bashrc') + 'source <(kubectl completion bash)\n');
    expect(completionAtLogin(fs)).toEqual({ bashCompletion: false, kubectl: false });
    installBashCompletion(c);
    expect(completionAtLogin(fs)).toEqual({ bashCompletion: true, kubectl: true });
  });
});
