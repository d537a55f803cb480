// Go text/tabwriter (liggitt fork used by kubectl) with AlignLeft, space padding and RememberWidths.

export interface TabWriterOptions {
  minWidth: number;
  padding: number;
  /** keep the widest width seen per column across flushes (kubectl's watch output) */
  rememberWidths?: boolean;
}

export class TabWriter {
  private readonly opts: TabWriterOptions;
  private buf = '';
  private maxWidths: number[] = [];
  private cellWidths: number[][] = [];

  constructor(opts: TabWriterOptions) {
    this.opts = opts;
  }

  write(text: string): void {
    this.buf += text;
  }

  /** Formats everything written since the last flush; a trailing partial line is kept as is. */
  flush(): string {
    const text = this.buf;
    this.buf = '';
    if (text === '') return '';
    const endsWithNewline = text.endsWith('\n');
    const rawLines = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
    const lines = rawLines.map((l) => l.split('\t'));
    this.cellWidths = lines.map((cells) => cells.map(cellWidth));
    const widths: number[] = [];
    const parts: string[] = [];
    this.format(lines, widths, 0, lines.length, parts);
    this.cellWidths = [];
    let out = parts.join('');
    if (!endsWithNewline) out = out.slice(0, -1);
    return out;
  }

  private format(lines: string[][], widths: number[], line0: number, line1: number, out: string[]): void {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      this.writeLines(lines, widths, line0, i, out);
      line0 = i;
      let width = this.opts.minWidth;
      for (; i < line1; i++) {
        const line = lines[i];
        if (column >= line.length - 1) break;
        const w = this.cellWidths[i][column] + this.opts.padding;
        if (w > width) width = w;
      }
      if (this.opts.rememberWidths) {
        if (column < this.maxWidths.length && this.maxWidths[column] > width) width = this.maxWidths[column];
        else this.maxWidths[column] = width;
      }
      widths.push(width);
      this.format(lines, widths, line0, i, out);
      widths.pop();
      line0 = i;
      i--;
    }
    this.writeLines(lines, widths, line0, line1, out);
  }

  private writeLines(lines: string[][], widths: number[], line0: number, line1: number, out: string[]): void {
    for (let i = line0; i < line1; i++) {
      const line = lines[i];
      const cw = this.cellWidths[i];
      let s = '';
      for (let j = 0; j < line.length; j++) {
        if (j < widths.length) s += line[j] + spaces(widths[j] - cw[j]);
        else s += line[j];
      }
      out.push(s + '\n');
    }
  }
}

let SPACES = ' '.repeat(256);
function spaces(n: number): string {
  if (n <= 0) return '';
  while (n > SPACES.length) SPACES += SPACES;
  return SPACES.slice(0, n);
}

function cellWidth(s: string): number {
  // ASCII fast path; otherwise count code points like utf8.RuneCount
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return [...s].length;
  return s.length;
}

/** kubectl get tables: min width 6, padding 3. */
export function tableWriter(rememberWidths = false): TabWriter {
  return new TabWriter({ minWidth: 6, padding: 3, rememberWidths });
}

/** kubectl describe: min width 0, padding 2. */
export function describeWriter(): TabWriter {
  return new TabWriter({ minWidth: 0, padding: 2 });
}

export function formatTable(text: string): string {
  const w = tableWriter();
  w.write(text);
  return w.flush();
}
