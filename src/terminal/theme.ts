// One dark terminal look for both Starlight themes: a terminal is expected to be dark, and it keeps
// command output readable whatever the page around it does.
import type { ITheme } from '@xterm/xterm';

export const terminalFontFamily =
  "ui-monospace, 'SFMono-Regular', 'Cascadia Mono', 'JetBrains Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";

export const terminalTheme: ITheme = {
  background: '#0f1419',
  foreground: '#e6e1cf',
  cursor: '#f29718',
  cursorAccent: '#0f1419',
  selectionBackground: '#33415e',
  black: '#1c2128',
  red: '#f07178',
  green: '#aad94c',
  yellow: '#ffb454',
  blue: '#59c2ff',
  magenta: '#d2a6ff',
  cyan: '#95e6cb',
  white: '#c7c7c7',
  brightBlack: '#686868',
  brightRed: '#ff8f8f',
  brightGreen: '#c2e57a',
  brightYellow: '#ffd580',
  brightBlue: '#73d0ff',
  brightMagenta: '#dfbfff',
  brightCyan: '#b8f1de',
  brightWhite: '#ffffff',
};
