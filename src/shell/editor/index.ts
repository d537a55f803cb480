// `vi`, `vim` and `nano`. In the browser terminal they take over the screen until they exit. Headless
// (a script fed to the kubeclass shell, a lab solution) they read their keystrokes from the lines
// that follow in the script, as the real editors read a non-terminal stdin: see README.md here.
import type { FileSystem } from '../../cluster/types.ts';
import type { ProgramContext } from '../../kubectl/context.ts';
import type { Shell } from '../executor.ts';
import { joinPath } from '../paths.ts';
import { parseRaw, scriptLineKeys, type EdKey } from './keys.ts';
import { Nano } from './nano.ts';
import { FullScreenEditor, type EditorCore } from './screen.ts';
import { saveFile } from './text.ts';
import { Vim } from './vim.ts';

/** The editor's file system: saves are reported to a recorder (sh.onFileSaved) when one listens. */
function editorFs(ctx: ProgramContext, sh: Shell): FileSystem {
  const report = sh.onFileSaved;
  if (!report) return ctx.fs;
  const box = sh.container?.session;
  const host = box ? `pod:${box.namespace}/${box.pod}/${box.container}` : sh.host;
  const fs = ctx.fs;
  return new Proxy(fs, {
    get(target, prop) {
      if (prop === 'write')
        return (path: string, content: string, ...rest: unknown[]) => {
          (target.write as (...a: unknown[]) => void).call(target, path, content, ...rest);
          report(host, joinPath(ctx.cwd, path), content);
        };
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

type Editor = EditorCore & { status: number; modified: boolean; content(): string };

/** Where the keys come from: the interactive terminal, piped stdin, or the rest of the script. */
async function drive(editor: Editor, ctx: ProgramContext, sh: Shell): Promise<'done' | 'eof'> {
  if (ctx.stdin === null && sh.screen) {
    await sh.screen.run(new FullScreenEditor(editor), ctx.signal);
    return editor.done ? 'done' : 'eof';
  }
  const feed = (keys: EdKey[]) => {
    for (const k of keys) {
      editor.feed(k);
      if (editor.done) return true;
    }
    return false;
  };
  if (ctx.stdin !== null) {
    // piped bytes: a newline is Enter, as a terminal's Enter would be
    return feed(parseRaw(ctx.stdin.replace(/\r?\n/g, '\r'), { sequences: false })) ? 'done' : 'eof';
  }
  for (;;) {
    const line = sh.nextInputLine?.() ?? null;
    if (line === null) return 'eof';
    if (feed(scriptLineKeys(line))) return 'done';
  }
}

function vimArgs(args: string[]): { file?: string; start?: string; error?: string } {
  let file: string | undefined;
  let start: string | undefined;
  let literal = false;
  for (const a of args) {
    if (!literal && a === '--') literal = true;
    else if (!literal && a.startsWith('+')) start = a.slice(1);
    else if (!literal && a.startsWith('-') && a !== '-') {
      if (!/^-[RnNeEsbylMmVZ]+$/.test(a)) return { error: a };
    } else {
      file ??= a;
    }
  }
  return { file, start };
}

export async function vim(ctx: ProgramContext, sh: Shell): Promise<number> {
  // replaying a submission: the recorded saves stand for the editing session
  if (sh.replayEditor) return sh.replayEditor(ctx);
  const parsed = vimArgs(ctx.args);
  if (parsed.error) {
    ctx.err(`VIM - Vi IMproved 7.4 (2013 Aug 10, compiled Jun 10 2014 06:55:55)\nUnknown option argument: "${parsed.error}"\nMore info with: "vim -h"\n`);
    return 1;
  }
  const headless = ctx.stdin !== null || !sh.screen;
  if (headless) ctx.err('Vim: Warning: Input is not from a terminal\n');
  const editor = new Vim({ fs: editorFs(ctx, sh), cwd: ctx.cwd, file: parsed.file, now: () => ctx.cluster.clock.now(), startCommand: parsed.start });
  const end = await drive(editor, ctx, sh);
  if (end === 'eof') {
    if (headless) ctx.out('Vim: Error reading input, exiting...\nVim: Finished.\n');
    return 1;
  }
  return editor.status;
}

export async function nano(ctx: ProgramContext, sh: Shell): Promise<number> {
  if (sh.replayEditor) return sh.replayEditor(ctx);
  let file: string | undefined;
  let start: string | undefined;
  for (const a of ctx.args) {
    if (a.startsWith('+')) start = a.slice(1);
    else if (a.startsWith('-') && a !== '-') continue;
    else file ??= a;
  }
  const editor = new Nano({ fs: editorFs(ctx, sh), cwd: ctx.cwd, file, startLine: start });
  const end = await drive(editor, ctx, sh);
  if (end === 'done') return editor.status;
  // nano 2.3.1 on a vanished input: die() with the SIGHUP message, saving a modified buffer aside
  ctx.err('Received SIGHUP or SIGTERM\n');
  if (editor.modified) {
    const base = file ?? 'nano';
    let name = `${base}.save`;
    for (let n = 1; ctx.fs.exists(joinPath(ctx.cwd, name)); n++) name = `${base}.save.${n}`;
    const err = saveFile(ctx.fs, joinPath(ctx.cwd, name), editor.content());
    ctx.err(err ? `\nBuffer not written to ${name}: No such file or directory\n` : `\nBuffer written to ${name}\n`);
  }
  return 1;
}
