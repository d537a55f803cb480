// A small terminal for the editor tests: cursor addressing, erase, the alternate screen (1049) and
// the main screen below it, and the reverse-video cells nano draws its bars with.
import { fakeCluster } from '../helpers.ts';
import { ShellSession, type ShellSessionOptions } from '../../../src/shell/session.ts';

interface Buffer {
  rows: string[][];
  rev: boolean[][];
  x: number;
  y: number;
}

export class Vt {
  readonly cols: number;
  readonly height: number;
  private main: Buffer = { rows: [[]], rev: [[]], x: 0, y: 0 };
  private alt: Buffer | null = null;
  private reverse = false;
  private pendingWrap = false;

  constructor(cols: number, height: number) {
    this.cols = cols;
    this.height = height;
  }

  get onAlt(): boolean {
    return this.alt !== null;
  }

  private get buf(): Buffer {
    return this.alt ?? this.main;
  }

  write(data: string): void {
    for (let i = 0; i < data.length; i++) {
      const c = data[i];
      if (c === '\x1b') {
        const m = /^\[([0-9;?]*)([A-Za-z])/.exec(data.slice(i + 1));
        if (!m) continue;
        i += m[0].length;
        this.csi(m[1], m[2]);
        continue;
      }
      const b = this.buf;
      if (c === '\r') {
        b.x = 0;
        this.pendingWrap = false;
      } else if (c === '\n') {
        b.y++;
        if (this.alt && b.y >= this.height) b.y = this.height - 1;
        this.pendingWrap = false;
      } else if (c === '\b') b.x = Math.max(0, b.x - 1);
      else if (c < ' ') continue;
      else {
        if (this.pendingWrap) {
          b.x = 0;
          b.y++;
          this.pendingWrap = false;
        }
        const [line, rev] = this.line();
        while (line.length < b.x) {
          line.push(' ');
          rev.push(false);
        }
        line[b.x] = c;
        rev[b.x] = this.reverse;
        if (b.x === this.cols - 1) this.pendingWrap = true;
        else b.x++;
      }
    }
  }

  private csi(params: string, final: string): void {
    const b = this.buf;
    const nums = params.replace('?', '').split(';').map((n) => (n === '' ? undefined : Number(n)));
    this.pendingWrap = false;
    switch (final) {
      case 'H':
        b.y = (nums[0] ?? 1) - 1;
        b.x = (nums[1] ?? 1) - 1;
        break;
      case 'A':
        b.y = Math.max(0, b.y - (nums[0] ?? 1));
        break;
      case 'B':
        b.y += nums[0] ?? 1;
        break;
      case 'C':
        b.x = Math.min(this.cols - 1, b.x + (nums[0] ?? 1));
        break;
      case 'D':
        b.x = Math.max(0, b.x - (nums[0] ?? 1));
        break;
      case 'J':
        if (params === '2' || params === '3') {
          b.rows = [[]];
          b.rev = [[]];
        } else {
          const [line, rev] = this.line();
          line.length = Math.min(line.length, b.x);
          rev.length = line.length;
          b.rows.length = b.y + 1;
          b.rev.length = b.y + 1;
        }
        break;
      case 'K': {
        const [line, rev] = this.line();
        line.length = Math.min(line.length, b.x);
        rev.length = line.length;
        break;
      }
      case 'm':
        if (params === '' || params === '0') this.reverse = false;
        else if (params.split(';').includes('7')) this.reverse = true;
        break;
      case 'h':
        if (params === '?1049') this.alt = { rows: [[]], rev: [[]], x: 0, y: 0 };
        break;
      case 'l':
        if (params === '?1049') this.alt = null;
        break;
    }
  }

  private line(): [string[], boolean[]] {
    const b = this.buf;
    while (b.rows.length <= b.y) {
      b.rows.push([]);
      b.rev.push([]);
    }
    return [b.rows[b.y], b.rev[b.y]];
  }

  /** The visible rows (the alternate screen padded to its height), trailing blanks trimmed. */
  lines(): string[] {
    const b = this.buf;
    const out = b.rows.map((r) => r.join('').replace(/\s+$/, ''));
    if (this.alt) {
      while (out.length < this.height) out.push('');
      return out.slice(0, this.height);
    }
    while (out.length && out.at(-1) === '') out.pop();
    return out;
  }

  /** Row `y` with reverse-video cells wrapped in [ ] markers, to check nano's bars. */
  styled(y: number): string {
    const b = this.buf;
    const row = b.rows[y] ?? [];
    const rev = b.rev[y] ?? [];
    let out = '';
    let on = false;
    for (let x = 0; x < row.length; x++) {
      if (rev[x] !== on) {
        out += rev[x] ? '«' : '»';
        on = rev[x];
      }
      out += row[x];
    }
    return out + (on ? '»' : '');
  }

  get cursor(): [number, number] {
    return [this.buf.y, this.buf.x];
  }
}

/** An interactive session on a Vt of `cols`×`rows`; `settle` waits until the keys are handled. */
export function vtTerminal(opts: Partial<ShellSessionOptions> & { cols?: number; height?: number } = {}) {
  const cluster = (opts.cluster ?? fakeCluster()) as ReturnType<typeof fakeCluster>;
  const cols = opts.cols ?? 80;
  const height = opts.height ?? 24;
  const session = new ShellSession({ realtime: false, ...opts, cluster, columns: cols, rows: height });
  const vt = new Vt(cols, height);
  let raw = '';
  session.onOutput((d) => {
    raw += d;
    vt.write(d);
  });
  session.start();
  const fs = cluster.hosts.get('master')!.fs;
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
  };
  /** type keys and wait for the session to react */
  const type = async (data: string) => {
    session.input(data);
    await settle();
  };
  return { cluster, session, vt, fs, raw: () => raw, settle, type };
}
