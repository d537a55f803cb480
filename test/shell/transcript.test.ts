// A typed transcript (`kubeclass shell`) stands for the screen: programs know when their output reaches
// it, and carriage-return redraws leave only what a terminal would finally show.
import { describe, expect, it } from 'vitest';
import type { Program } from '../../src/kubectl/context.ts';
import { headless } from './helpers.ts';

const probe: Program = async (ctx) => {
  ctx.out(`screen=${ctx.screen} tty=${ctx.tty}\n`);
  return 0;
};
const redraw: Program = async (ctx) => {
  ctx.err('  0%  working');
  ctx.err('\r 50%');
  ctx.err('\r100%  done   \n');
  return 0;
};

describe('a typed transcript', () => {
  it('tells programs their output reaches the screen, but not through a pipe or a redirect', async () => {
    const { run } = headless({ terminal: true, programs: { probe } });
    const r = await run('probe\nprobe | cat\nprobe > /tmp/x; cat /tmp/x\n');
    expect(r.out).toBe('screen=true tty=false\nscreen=false tty=false\nscreen=false tty=false\n');
  });

  it('is not a screen when the session is a plain script', async () => {
    const { run } = headless({ programs: { probe } });
    expect((await run('probe\n')).out).toBe('screen=false tty=false\n');
  });

  it('keeps what a carriage return leaves on the line', async () => {
    const { run } = headless({ terminal: true, programs: { redraw } });
    expect((await run('redraw\necho after\n')).out).toBe('100%  done   \nafter\n');
  });
});

describe('parameter expansion with patterns', () => {
  it('cuts prefixes and suffixes, replaces, slices and changes case as bash does', async () => {
    const { run } = headless();
    const r = await run(
      [
        'p=pod/mynginx-7c79c4bf97-4xq2z',
        'echo ${p#pod/} ${p##*-} ${p%-*} ${p%%-*}',
        'echo ${p/mynginx/web} ${p//-/_} ${p:4:7} ${p^^} ${#p}',
        'f=discovery.yaml; echo ${f%.yaml}.bak ${f: -4} ${f#nomatch}',
      ].join('\n') + '\n',
    );
    expect(r.out).toBe(
      'mynginx-7c79c4bf97-4xq2z 4xq2z pod/mynginx-7c79c4bf97 pod/mynginx\n' +
        'pod/web-7c79c4bf97-4xq2z pod/mynginx_7c79c4bf97_4xq2z mynginx POD/MYNGINX-7C79C4BF97-4XQ2Z 28\n' +
        'discovery.bak yaml discovery.yaml\n',
    );
  });
});
