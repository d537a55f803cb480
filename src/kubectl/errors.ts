// How kubectl turns failures into stderr text and an exit code (cmdutil.CheckErr).
import { isApiError, type ApiError } from '../cluster/apiserver/errors.ts';
import { msg } from './messages.ts';

/** A failure printed as `error: <message>`, optionally followed by a usage hint line. */
export class CmdError extends Error {
  readonly hint?: string;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'CmdError';
    this.hint = hint;
  }
}

/** A failure whose text is printed verbatim (already complete, e.g. `get` with no type). */
export class RawError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RawError';
  }
}

/** cmdutil.CheckErr: the text for any error thrown by a verb. */
export function errorText(e: unknown): string {
  let text: string;
  if (isApiError(e)) text = apiErrorText(e);
  else if (e instanceof RawError) text = e.message;
  else if (e instanceof CmdError) text = `error: ${e.message}` + (e.hint ? `\n${e.hint}` : '');
  else if (e instanceof Error) text = e.message.startsWith('error: ') ? e.message : `error: ${e.message}`;
  else text = `error: ${String(e)}`;
  return text.endsWith('\n') ? text : text + '\n';
}

export function apiErrorText(e: ApiError): string {
  if (e.reason === 'Invalid') {
    const { kind, name, causes } = e.details;
    const head = kind || name ? `The ${kind} ${JSON.stringify(name)} is invalid` : 'The request is invalid';
    const list = (causes ?? []).map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
    // with neither kind, name nor causes kubectl appends the server's message
    if (list.length === 0) return !kind && !name && e.message ? `${head}: ${e.message}` : head;
    if (list.length === 1) return `${head}: ${list[0]}`;
    return `${head}: \n${list.map((l) => `* ${l}`).join('\n')}`;
  }
  return `Error from server (${e.reason}): ${e.message}`;
}

/** Same error, message prefixed the way the resource builder wraps it (`error when creating "x.yaml": ...`). */
export function wrapApiError(e: ApiError, verb: string, source: string): ApiError {
  const wrapped = Object.create(Object.getPrototypeOf(e)) as ApiError;
  Object.assign(wrapped, e);
  Object.defineProperty(wrapped, 'message', { value: msg.errorWhen(verb, source, e.message) });
  return wrapped;
}
