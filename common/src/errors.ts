import { GraphQLError } from 'graphql';

/**
 * The machine-readable error codes AidGraph returns in `extensions.code`.
 * Messages never carry a stack trace, SQL or personal data.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Bad input: `field` names the argument or input field at fault, `reason` a short machine-readable reason. */
export function badInput(message: string, field?: string, reason?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field, reason } });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An opaque record id as given (a UUID, any case), lower-cased; BAD_USER_INPUT `BAD_ID` at `field` otherwise. */
export function checkUuid(id: string, field: string): string {
  if (!UUID.test(String(id))) throw badInput(`\`${field}\` is not an id (a UUID)`, field, 'BAD_ID');
  return String(id).toLowerCase();
}

/**
 * The C0 control characters (U+0000-U+001F) other than tab, line feed and carriage return, DEL (U+007F), the C1 control
 * characters (U+0080-U+009F) and the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069,
 * which make a stored note or name display other than it reads: "Trojan Source" spoofing): no AidGraph text holds one
 * (PostgreSQL refuses U+0000 in text while SQLite stores it). The kit's middleware refuses them in every String argument
 * (BAD_CHARACTER); checkOptionalText refuses them too, for text that does not come from an argument.
 */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** What CONTROL_CHARACTER refuses, for messages. */
export const CONTROL_CHARACTER_TEXT = 'a control character (U+0000 to U+001F other than tab, line feed and carriage return, U+007F to U+009F) or a bidirectional override (U+202A to U+202E, U+2066 to U+2069)';

/**
 * Free text of an input, trimmed: null when absent or blank (BAD_USER_INPUT `REQUIRED` at `field` when `required`),
 * BAD_USER_INPUT `TOO_LONG` above `max` characters (code points; default 2000), `BAD_CHARACTER` with a control character
 * (CONTROL_CHARACTER).
 */
export function checkOptionalText(value: string | null | undefined, field: string, o: { required?: boolean; max?: number } = {}): string | null {
  const text = value?.trim() ?? '';
  if (!text) {
    if (o.required) throw badInput(`\`${field}\` is required here`, field, 'REQUIRED');
    return null;
  }
  if (Array.from(text).length > (o.max ?? 2000)) throw badInput(`\`${field}\` is longer than ${o.max ?? 2000} characters`, field, 'TOO_LONG');
  if (CONTROL_CHARACTER.test(text)) throw badInput(`\`${field}\` contains ${CONTROL_CHARACTER_TEXT}`, field, 'BAD_CHARACTER');
  return text;
}

export function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NOT_FOUND } });
}

export function conflict(message: string, reason?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT, reason } });
}

export function forbidden(message = 'you may not see or change this'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
}

export function unauthenticated(message = 'a valid bearer token is required'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}
