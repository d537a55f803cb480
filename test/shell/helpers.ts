// A small stand-in cluster (real hosts and file systems, a plain clock) and a tiny VT100 screen.
import type { Cluster, Clock } from '../../src/cluster/types.ts';
import { createHosts } from '../../src/cluster/hosts/index.ts';
import { ShellSession, type ShellSessionOptions } from '../../src/shell/session.ts';
import type { Program } from '../../src/kubectl/context.ts';

export const START = Date.UTC(2026, 10, 22, 1, 36, 58);

export function fakeCluster(): Cluster & { advanced: number[] } {
  let now = START;
  const clock: Clock = {
    now: () => now,
    at: () => ({ cancel() {} }),
    after: () => ({ cancel() {} }),
    nextAt: () => undefined,
  };
  const advanced: number[] = [];
  let seed = 1;
  const cluster = {
    advanced,
    api: {} as Cluster['api'],
    clock,
    random: {
      next: () => ((seed = (seed * 16807) % 2147483647) / 2147483647),
      int: (n: number) => Math.floor(cluster.random.next() * n),
      pick: <T>(xs: readonly T[]) => xs[0],
      suffix: () => 'abcde',
      uuid: () => '00000000-0000-4000-8000-000000000000',
      hex: (n: number) => '0'.repeat(n),
    },
    hosts: createHosts(() => now),
    version: {} as Cluster['version'],
    serverUrl: 'https://10.0.2.15:6443',
    advance(ms: number) {
      advanced.push(ms);
      now += ms;
    },
    settle: () => 0,
    idle: () => true,
    onChange: () => () => {},
  };
  return cluster as Cluster & { advanced: number[] };
}

/** A headless session and a helper running a script, returning its output. */
/** Script lines as typed, each ending in a newline. */
export const lines = (...ls: string[]) => ls.join('\n') + '\n';

export function headless(opts: Partial<ShellSessionOptions> = {}) {
  const cluster = (opts.cluster ?? fakeCluster()) as ReturnType<typeof fakeCluster>;
  const session = new ShellSession({ realtime: false, ...opts, cluster });
  const run = async (script: string) => {
    let out = '';
    const status = await session.runScript(script, (s) => (out += s));
    return { out, status };
  };
  return { cluster, session, run };
}

/** A program that prints its arguments and stdin, for checking what the shell passes. */
export const echoStdin: Program = async (ctx) => {
  ctx.out(`args=${JSON.stringify(ctx.args)}\n`);
  ctx.out(`stdin=${JSON.stringify(ctx.stdin)}\n`);
  return 0;
};

/** Enough of a VT100 to check what the user sees: text, wrap, CR/LF, cursor moves, erase. */
export class Screen {
  rows: string[][] = [[]];
  x = 0;
  y = 0;
  pendingWrap = false;
  readonly cols: number;
  constructor(cols: number) {
    this.cols = cols;
  }

  write(data: string): void {
    for (let i = 0; i < data.length; i++) {
      const c = data[i];
      if (c === '\x1b') {
        const m = /^\[([0-9;?]*)([A-Za-z])/.exec(data.slice(i + 1));
        if (!m) continue;
        i += m[0].length;
        const n = Number(m[1] || 1);
        this.pendingWrap = false;
        switch (m[2]) {
          case 'A':
            this.y = Math.max(0, this.y - n);
            break;
          case 'B':
            this.y += n;
            break;
          case 'C':
            this.x = Math.min(this.cols - 1, this.x + n);
            break;
          case 'D':
            this.x = Math.max(0, this.x - n);
            break;
          case 'H':
            this.x = 0;
            this.y = 0;
            break;
          case 'J':
            if (m[1] === '2' || m[1] === '3') this.rows = [[]];
            else {
              this.line().length = Math.min(this.line().length, this.x);
              this.rows.length = this.y + 1;
            }
            break;
          case 'K':
            this.line().length = Math.min(this.line().length, this.x);
            break;
        }
        continue;
      }
      if (c === '\r') {
        this.x = 0;
        this.pendingWrap = false;
      } else if (c === '\n') {
        this.y++;
        this.pendingWrap = false;
      } else if (c === '\b') {
        this.x = Math.max(0, this.x - 1);
        this.pendingWrap = false;
      } else if (c === '\x07') continue;
      else {
        if (this.pendingWrap) {
          this.x = 0;
          this.y++;
          this.pendingWrap = false;
        }
        const line = this.line();
        while (line.length < this.x) line.push(' ');
        line[this.x] = c;
        if (this.x === this.cols - 1) this.pendingWrap = true;
        else this.x++;
      }
    }
  }

  private line(): string[] {
    while (this.rows.length <= this.y) this.rows.push([]);
    return this.rows[this.y];
  }

  text(): string {
    return this.rows.map((r) => r.join('')).join('\n').replace(/\n+$/, '');
  }

  lines(): string[] {
    return this.text().split('\n');
  }
}

/** A terminal session wired to a Screen; `settle` waits for queued commands to finish. */
export function terminal(opts: Partial<ShellSessionOptions> = {}) {
  const cluster = (opts.cluster ?? fakeCluster()) as ReturnType<typeof fakeCluster>;
  const session = new ShellSession({ realtime: false, ...opts, cluster });
  const screen = new Screen(opts.columns ?? 80);
  let raw = '';
  session.onOutput((d) => {
    raw += d;
    screen.write(d);
  });
  session.start();
  const settle = async () => {
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 0));
      if (!session.busy) return;
    }
  };
  return { cluster, session, screen, raw: () => raw, settle };
}
