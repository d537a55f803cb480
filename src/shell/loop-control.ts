// `break` and `continue` unwind to their loop by throwing; the loop catches what is meant for it.
/** Thrown by `break`/`continue` to the enclosing loop; `levels` counts loops still to leave (`break 2`). */
export class LoopControl extends Error {
  kind: 'break' | 'continue';
  levels: number;
  constructor(kind: 'break' | 'continue', levels: number) {
    super(kind);
    this.kind = kind;
    this.levels = levels;
  }
}

/** Thrown by `return [n]` to the function being run. */
export class ReturnSignal extends Error {
  status: number;
  constructor(status: number) {
    super('return');
    this.status = status;
  }
}
