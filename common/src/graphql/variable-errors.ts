import { GraphQLError, Kind, parse, visit, BREAK, type ArgumentNode, type ASTNode, type ValueNode, type VariableDefinitionNode, type GraphQLFormattedError } from 'graphql';

/**
 * Input errors about variables, shared by the gateway and every subgraph (the rest of the one input-error shape, for
 * class-validator's constraints, is the kit's graphql/input-errors.ts): GraphQL's error about a variable's value it could
 * not coerce repeats the value typed, which may be personal data; it is rewritten to BAD_USER_INPUT with `field` (the
 * path from the argument the variable is given to), a stable `reason` and a message without the value.
 */

/** One violation: the path of the value at fault, its reason and a message without the value. */
export interface InputViolation {
  field: string;
  reason: string;
  message: string;
}

// ---------------------------------------------------------------------------------------------------------------
// variables

/** The path of the argument a variable is given to (`input`, `filter.personId`), from the operation's text. */
function argumentPathOfVariable(definition: ASTNode | undefined, variable: string): string | undefined {
  const body = definition?.loc?.source?.body;
  if (!body) return undefined;
  let doc;
  try {
    doc = parse(body);
  } catch {
    return undefined;
  }
  const start = definition!.loc!.start;
  const operation = doc.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && d.variableDefinitions?.some((v: VariableDefinitionNode) => v.loc?.start === start),
  );
  const within = (value: ValueNode, at: string): string | undefined => {
    if (value.kind === Kind.VARIABLE) return value.name.value === variable ? at : undefined;
    if (value.kind === Kind.OBJECT) {
      for (const f of value.fields) {
        const found = within(f.value, `${at}.${f.name.value}`);
        if (found) return found;
      }
    }
    if (value.kind === Kind.LIST) {
      for (let i = 0; i < value.values.length; i++) {
        const found = within(value.values[i], `${at}[${i}]`);
        if (found) return found;
      }
    }
    return undefined;
  };
  let path: string | undefined;
  // the operation first, then the fragments it may spread (a variable is the operation's, used anywhere in it)
  for (const node of [operation, ...doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)]) {
    if (!node || path) continue;
    visit(node, {
      Argument(a: ArgumentNode) {
        path = within(a.value, a.name.value);
        if (path) return BREAK;
        return undefined;
      },
    });
  }
  return path;
}

/**
 * For GraphQL's error about a variable's value (`Variable "$i" got invalid value ...`, `... of required type ...
 * was not provided`): the path of the value at fault from the argument the variable is given to, a reason
 * (REQUIRED, BAD_TYPE, NOT_IN_LIST, UNKNOWN_FIELD, BAD_FORMAT for a custom scalar such as Yuan) and a message without
 * the value. Undefined for any other error. `error` is the error Apollo Server hands formatError.
 */
export function variableInputError(message: string, error: unknown): InputViolation | undefined {
  const m = /^Variable "\$(\w+)" /.exec(message);
  if (!m) return undefined;
  const variable = m[1];
  const e = error as GraphQLError | undefined;
  const at = argumentPathOfVariable(e?.nodes?.[0], variable) ?? `$${variable}`;
  if (new RegExp(`^Variable "\\$${variable}" of (required|non-null) type `).test(message))
    return { field: at, reason: 'REQUIRED', message: `\`${at}\` is required` };
  // the message is `Variable "$v" got invalid value <value>[ at "v.path"]; <what is wrong>`: the value is dropped
  const inner = e?.originalError && e.originalError !== e && message.endsWith(`; ${e.originalError.message}`) ? e.originalError : undefined;
  const detail = inner?.message ?? '';
  const prefix = inner ? message.slice(0, message.length - detail.length - 2) : message;
  const sub = new RegExp(` at "${variable}((?:\\.\\w+|\\[\\d+\\])*)"$`).exec(prefix)?.[1] ?? '';
  const field = at + sub;
  let r: RegExpExecArray | null;
  if ((r = /^Field "(\w+)" of required type "[^"]*" was not provided/.exec(detail)))
    return { field: `${field}.${r[1]}`, reason: 'REQUIRED', message: `\`${field}.${r[1]}\` is required` };
  if ((r = /^Field "(\w+)" is not defined by type "(\w+)"/.exec(detail)))
    return { field: `${field}.${r[1]}`, reason: 'UNKNOWN_FIELD', message: `\`${field}.${r[1]}\` is not a field of ${r[2]}` };
  if (/^Expected non-nullable type .* not to be null/.test(detail)) return { field, reason: 'REQUIRED', message: `\`${field}\` must not be null` };
  if ((r = /^Expected type "(\w+)" to be an object/.exec(detail)))
    return { field, reason: 'BAD_TYPE', message: `\`${field}\` must be an object (${r[1]})` };
  if ((r = /^Value .* does not exist in "(\w+)" enum/s.exec(detail)))
    return { field, reason: 'NOT_IN_LIST', message: `\`${field}\` is not one of the values of ${r[1]}` };
  if ((r = /^(\w+) cannot represent/.exec(detail))) return { field, reason: 'BAD_TYPE', message: `\`${field}\` must be a${/^[AEIOU]/.test(r[1]) ? 'n' : ''} ${r[1]}` };
  if ((r = /^Expected type "(\w+)"\.\s*(.*)$/s.exec(detail))) {
    // a custom scalar's own message (the kit's scalars never repeat the value)
    const cause = (inner as GraphQLError | undefined)?.originalError instanceof GraphQLError ? '' : r[2].trim();
    return { field, reason: 'BAD_FORMAT', message: `\`${field}\` is not a valid ${r[1]}${cause ? `: ${cause}` : ''}` };
  }
  return { field, reason: 'BAD_VALUE', message: `\`${field}\` has a value that is not valid here` };
}

/**
 * A variable's value GraphQL could not coerce (wrong type, missing, unknown field), as the one shape of an input error:
 * BAD_USER_INPUT with `field`, `reason` and a message without the value. Undefined for any other error (also for a
 * BAD_USER_INPUT that already names its `field`). `error` is the error Apollo Server hands formatError.
 */
export function normalizeVariableInputError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined {
  const ext = (formatted.extensions ?? {}) as Record<string, unknown>;
  if (ext.code !== 'BAD_USER_INPUT' || ext.field !== undefined) return undefined;
  const variable = variableInputError(formatted.message, error);
  if (!variable) return undefined;
  return { message: variable.message, path: formatted.path, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT', field: variable.field, reason: variable.reason } };
}
