// Turns raw terminal input (xterm onData: keys, escape sequences, pastes) into key events.

export type Key = { kind: 'text'; text: string } | { kind: KeyKind };

type KeyKind =
        | 'enter'
        | 'backspace'
        | 'delete'
        | 'left'
        | 'right'
        | 'up'
        | 'down'
        | 'home'
        | 'end'
        | 'tab'
        | 'word-left'
        | 'word-right'
        | 'delete-word-back'
        | 'delete-word-forward'
        | 'ctrl-a'
        | 'ctrl-b'
        | 'ctrl-c'
        | 'ctrl-d'
        | 'ctrl-e'
        | 'ctrl-f'
        | 'ctrl-k'
        | 'ctrl-l'
        | 'ctrl-n'
        | 'ctrl-p'
        | 'ctrl-u'
        | 'ctrl-w'
        | 'escape'
        | 'ignore';

const CSI: Record<string, KeyKind> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  '1~': 'home',
  '7~': 'home',
  '4~': 'end',
  '8~': 'end',
  '3~': 'delete',
  '1;5C': 'word-right',
  '1;5D': 'word-left',
  '1;3C': 'word-right',
  '1;3D': 'word-left',
};

const CTRL: Record<string, KeyKind> = {
  '\x01': 'ctrl-a',
  '\x02': 'left',
  '\x03': 'ctrl-c',
  '\x04': 'ctrl-d',
  '\x05': 'ctrl-e',
  '\x06': 'right',
  '\x0b': 'ctrl-k',
  '\x0c': 'ctrl-l',
  '\x0e': 'down',
  '\x10': 'up',
  '\x15': 'ctrl-u',
  '\x17': 'ctrl-w',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\t': 'tab',
};

export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  // bracketed-paste markers carry no keys
  const s = data.replace(/\x1b\[20[01]~/g, '');
  let text = '';
  const push = (k: Key) => {
    if (text) keys.push({ kind: 'text', text });
    text = '';
    keys.push(k);
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\x1b') {
      const n = s[i + 1];
      if (n === '[') {
        const m = /^[0-9;]*[~A-Za-z]/.exec(s.slice(i + 2));
        if (m) {
          const body = m[0];
          const final = body.at(-1)!;
          const kind = CSI[body] ?? (final !== '~' && /^1?$/.test(body.slice(0, -1)) ? CSI[final] : undefined);
          push({ kind: kind ?? 'ignore' });
          i += 1 + body.length;
          continue;
        }
      } else if (n === 'O' && s[i + 2] !== undefined) {
        push({ kind: CSI[s[i + 2]] ?? 'ignore' });
        i += 2;
        continue;
      } else if (n === 'b' || n === 'f') {
        push({ kind: n === 'b' ? 'word-left' : 'word-right' });
        i++;
        continue;
      } else if (n === '\x7f' || n === '\b') {
        push({ kind: 'delete-word-back' });
        i++;
        continue;
      } else if (n === 'd') {
        push({ kind: 'delete-word-forward' });
        i++;
        continue;
      }
      // a lone Escape: nothing for the line editor, but a key for a full-screen program
      push({ kind: 'escape' });
      continue;
    }
    if (c === '\r') {
      if (s[i + 1] === '\n') i++;
      push({ kind: 'enter' });
    } else if (c === '\n') push({ kind: 'enter' });
    else if (CTRL[c]) push({ kind: CTRL[c] });
    else if (c < ' ') push({ kind: 'ignore' });
    else text += c;
  }
  if (text) keys.push({ kind: 'text', text });
  return keys;
}
