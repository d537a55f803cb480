// The syntax tree of a command line, as the parser builds it and the executor walks it.

export type WordPart =
  /** unquoted text: field-split when it came from an expansion, globbed, `~` expanded at the start */
  | { type: 'lit'; text: string }
  /** quoted text ('…', \x, literal pieces of "…"): taken as is */
  | { type: 'sq'; text: string }
  | { type: 'dq'; parts: WordPart[] }
  /** $x, ${x}, ${x:-word}, ${#x}, $? */
  | { type: 'var'; name: string; op?: string; arg?: WordPart[] }
  /** $(…) and `…` */
  | { type: 'cmd'; list: List }
  /** $((…)) */
  | { type: 'arith'; expr: string }
  /** <(…): the command's output as a file name */
  | { type: 'procsub'; list: List };

export interface Word {
  parts: WordPart[];
}

export type RedirectOp = '>' | '>>' | '>|' | '<' | '>&' | '<&' | '&>' | '&>>' | '<<' | '<<-' | '<<<';

export interface Redirect {
  /** the file descriptor redirected (1 for `>`, 0 for `<`, 2 for `2>`); -1 for `&>` (both 1 and 2) */
  fd: number;
  op: RedirectOp;
  target: Word;
  /** here-document body: raw text; expanded at run time unless the delimiter was quoted */
  heredoc?: { body: string; quoted: boolean };
}

export interface Assignment {
  name: string;
  value: Word;
}

export interface SimpleCommand {
  type: 'simple';
  assigns: Assignment[];
  words: Word[];
  redirects: Redirect[];
}

export interface GroupCommand {
  type: 'group' | 'subshell';
  body: List;
  redirects: Redirect[];
}

export interface IfCommand {
  type: 'if';
  branches: { cond: List; body: List }[];
  otherwise?: List;
  redirects: Redirect[];
}

export interface LoopCommand {
  type: 'while' | 'until';
  cond: List;
  body: List;
  redirects: Redirect[];
}

export interface ForCommand {
  type: 'for';
  name: string;
  /** undefined: `for x; do` (positional parameters, none here) */
  items?: Word[];
  body: List;
  redirects: Redirect[];
}

export interface CaseCommand {
  type: 'case';
  word: Word;
  /** `pat1 | pat2) body ;;` in order: the first item with a matching pattern runs */
  items: { patterns: Word[]; body: List }[];
  redirects: Redirect[];
}

/** `[[ … ]]`: words are not split or globbed; `==` and `!=` match their right side as a pattern. */
export type CondExpr =
  | { t: 'or' | 'and'; l: CondExpr; r: CondExpr }
  | { t: 'not'; e: CondExpr }
  | { t: 'unary'; op: string; w: Word }
  | { t: 'binary'; op: string; l: Word; r: Word }
  /** `=~`: the right side is a regular expression (quoted parts match literally) */
  | { t: 'regex'; l: Word; r: Word }
  | { t: 'word'; w: Word };

export interface CondCommand {
  type: 'cond';
  expr: CondExpr;
  redirects: Redirect[];
}

/** `name() compound-command` or `function name { …; }`: defines a shell function. */
export interface FunctionDef {
  type: 'function';
  name: string;
  body: Command;
  /** the definition as typed, for `type name` */
  text: string;
  redirects: Redirect[];
}

export type Command = SimpleCommand | GroupCommand | IfCommand | LoopCommand | ForCommand | CaseCommand | CondCommand | FunctionDef;

export interface Pipeline {
  negate: boolean;
  commands: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
  /** ended with `&`: runs as a background job */
  background?: boolean;
  /** the source text of this item, as `jobs` shows it */
  text?: string;
}

export type List = AndOr[];
