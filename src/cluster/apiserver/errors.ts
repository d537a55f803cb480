import type { StatusCause, StatusReason } from '../types.ts';

const CODES: Record<StatusReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  BadRequest: 400,
  Forbidden: 403,
  MethodNotAllowed: 405,
  Gone: 410,
  InternalError: 500,
};

/**
 * A Status error as the API server returns it. `message` is the server's own text
 * (`pods "x" not found`, `Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: ...`);
 * kubectl decides how to print it.
 */
export class ApiError extends Error {
  readonly reason: StatusReason;
  readonly code: number;
  /** resource group, kind (lower-case plural for NotFound/AlreadyExists, Kind for Invalid) and name */
  readonly details: { group: string; kind: string; name: string; causes?: StatusCause[] };

  constructor(reason: StatusReason, message: string, details: { group: string; kind: string; name: string; causes?: StatusCause[] }) {
    super(message);
    this.name = 'ApiError';
    this.reason = reason;
    this.code = CODES[reason];
    this.details = details;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** `pods`, `deployments.apps` — how the server names a resource in messages. */
export function qualifiedResource(plural: string, group: string): string {
  return group ? `${plural}.${group}` : plural;
}

export function notFound(plural: string, group: string, name: string): ApiError {
  return new ApiError('NotFound', `${qualifiedResource(plural, group)} "${name}" not found`, { group, kind: plural, name });
}

export function alreadyExists(plural: string, group: string, name: string): ApiError {
  return new ApiError('AlreadyExists', `${qualifiedResource(plural, group)} "${name}" already exists`, { group, kind: plural, name });
}

/** `Deployment.apps "web" is invalid: <cause>` or `...: [<cause>, <cause>]` as the server words it. */
export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): ApiError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const text = (c: StatusCause) => (c.field ? `${c.field}: ${c.message}` : c.message);
  const body = causes.length === 1 ? text(causes[0]!) : `[${causes.map(text).join(', ')}]`;
  return new ApiError('Invalid', `${qualifiedKind} "${name}" is invalid: ${body}`, { group, kind, name, causes });
}

/** `pods "x" is forbidden: <why>` (NewForbidden). */
export function forbidden(plural: string, group: string, name: string, why: string): ApiError {
  return new ApiError('Forbidden', `${qualifiedResource(plural, group)} "${name}" is forbidden: ${why}`, { group, kind: plural, name });
}

/** Stale resourceVersion (NewConflict with OptimisticLockErrorMsg). */
export function conflict(plural: string, group: string, name: string): ApiError {
  return new ApiError(
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(plural, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { group, kind: plural, name },
  );
}

export function badRequest(message: string): ApiError {
  return new ApiError('BadRequest', message, { group: '', kind: '', name: '' });
}
