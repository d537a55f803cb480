// Keys for the full-screen editors: raw terminal bytes (xterm, pipes) and the `<Esc>` notation of
// headless scripts become key names. A printable key is the character itself; every other key is a
// name in angle brackets: <Esc> <CR> <BS> <Del> <Tab> <Up> <Down> <Left> <Right> <Home> <End>
// <PageUp> <PageDown> <Insert>, and <C-x> for Ctrl with a letter.
export type EdKey = string;

const CSI_KEYS: Record<string, EdKey> = {
  A: '<Up>',
  B: '<Down>',
  C: '<Right>',
  D: '<Left>',
  H: '<Home>',
  F: '<End>',
  '1~': '<Home>',
  '7~': '<Home>',
  '4~': '<End>',
  '8~': '<End>',
  '2~': '<Insert>',
  '3~': '<Del>',
  '5~': '<PageUp>',
  '6~': '<PageDown>',
};

/** The key a control byte sends: \r is Enter, \x7f and \b are Backspace, \x01 is <C-a>. */
function controlKey(c: string): EdKey {
  const code = c.charCodeAt(0);
  if (c === '\r') return '<CR>';
  if (c === '\t') return '<Tab>';
  if (c === '\x7f' || c === '\b') return '<BS>';
  if (c === '\x1b') return '<Esc>';
  if (code === 0) return '<C-@>';
  if (code <= 26) return `<C-${String.fromCharCode(code + 96)}>`;
  return `<C-${String.fromCharCode(code + 64)}>`;
}

/**
 * Raw input to keys. `sequences`: an escape sequence (arrows, Delete, Home, ...) arriving in one
 * piece is one key, as a terminal sends it; otherwise (piped input) only `ESC [` sequences are keys,
 * so `<Esc>O` in a script opens a line instead of being read as an arrow.
 */
export function parseRaw(data: string, opts: { sequences: boolean } = { sequences: true }): EdKey[] {
  const keys: EdKey[] = [];
  const s = data.replace(/\x1b\[20[01]~/g, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\x1b') {
      const n = s[i + 1];
      if (n === '[') {
        const m = /^([0-9;]*)([~A-Za-z])/.exec(s.slice(i + 2));
        if (m) {
          const params = m[1].split(';')[0];
          const key = m[2] === '~' ? CSI_KEYS[params + '~'] : /^1?$/.test(params) ? CSI_KEYS[m[2]] : undefined;
          if (key || opts.sequences) {
            if (key) keys.push(key);
            i += 1 + m[0].length;
            continue;
          }
        }
      } else if (n === 'O' && opts.sequences && s[i + 2] && CSI_KEYS[s[i + 2]]) {
        keys.push(CSI_KEYS[s[i + 2]]);
        i += 2;
        continue;
      }
      keys.push('<Esc>');
      continue;
    }
    if (c < ' ' || c === '\x7f') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      keys.push(c === '\n' ? '<C-j>' : controlKey(c));
      continue;
    }
    const cp = s.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    keys.push(ch);
    i += ch.length - 1;
  }
  return keys;
}

const NAMED: Record<string, EdKey> = {
  esc: '<Esc>',
  cr: '<CR>',
  enter: '<CR>',
  return: '<CR>',
  bs: '<BS>',
  backspace: '<BS>',
  del: '<Del>',
  delete: '<Del>',
  tab: '<Tab>',
  up: '<Up>',
  down: '<Down>',
  left: '<Left>',
  right: '<Right>',
  home: '<Home>',
  end: '<End>',
  pageup: '<PageUp>',
  pagedown: '<PageDown>',
  insert: '<Insert>',
  lt: '<',
};

/**
 * One line of a headless script as keys, the line's newline included as <CR>. Besides raw bytes
 * (a literal ESC), the notation of Vim's documentation works: <Esc>, <CR>, <BS>, <Up>, <C-o> ...
 * (any case); an unknown <word> is typed as it stands.
 */
export function scriptLineKeys(line: string): EdKey[] {
  const keys: EdKey[] = [];
  const re = /<([A-Za-z]+|[Cc]-[A-Za-z@\\\]^_])>/g;
  let last = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const name = m[1].toLowerCase();
    let key: EdKey | undefined = NAMED[name];
    if (!key && /^c-.$/.test(name)) key = `<C-${name[2]}>`;
    if (!key) continue;
    keys.push(...parseRaw(line.slice(last, m.index), { sequences: false }), key);
    last = m.index + m[0].length;
  }
  keys.push(...parseRaw(line.slice(last), { sequences: false }), '<CR>');
  return keys;
}
