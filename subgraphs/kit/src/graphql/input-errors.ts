import { validate, getMetadataStorage as classValidatorMetadata, type ValidationError, type ValidatorOptions } from 'class-validator';
import {
  GraphQLError, getNamedType, isInputObjectType, isListType, isNonNullType,
  type GraphQLArgument, type GraphQLField, type GraphQLInputType, type GraphQLFormattedError,
} from 'graphql';
import { getMetadataStorage as typeGraphQLMetadata, type ValidatorFn } from 'type-graphql';
import { catchNext, type FieldMiddleware } from './field-middleware';
import { CONTROL_CHARACTER, CONTROL_CHARACTER_TEXT, ErrorCode } from '../errors';
import { normalizeVariableInputError, type InputViolation } from '@aidgraph/common/graphql/variable-errors';
// the variables' part lives in @aidgraph/common (the gateway uses it too); re-exported for the kit's users
export { variableInputError, type InputViolation } from '@aidgraph/common/graphql/variable-errors';

/**
 * One error shape for every input error (README "Errors"): `extensions.code` BAD_USER_INPUT, `field` the path of the
 * value at fault from the argument (`input.amount`, `filter.personId`, `ids[3]`, `first`), `reason` a stable
 * machine-readable reason, and a message that names the field and the rule, never the value typed (which may be
 * personal data). When one argument breaks several rules, `field`/`reason` name the first and `extensions.errors`
 * lists every one as `{ field, reason, message }`.
 *
 * Three sources of input errors go through here: class-validator constraints on input and args classes
 * (`validateArguments`, the schema builder's validateFn), ids that are not well formed and text with a control character
 * (`checkIdArguments`, a kit middleware on every field with arguments, and the reference resolvers), and GraphQL's coercion of variables (`variableInputError`, used by the
 * subgraphs' and the gateway's formatError).
 */

/** class-validator constraint names (decorators) to the reasons AidGraph answers; others are INVALID. */
export const CONSTRAINT_REASONS: Readonly<Record<string, string>> = {
  isDefined: 'REQUIRED', isNotEmpty: 'REQUIRED', arrayNotEmpty: 'REQUIRED', isNotEmptyObject: 'REQUIRED',
  min: 'TOO_SMALL', minDate: 'TOO_SMALL', isPositive: 'TOO_SMALL',
  max: 'TOO_LARGE', maxDate: 'TOO_LARGE', isNegative: 'TOO_LARGE',
  minLength: 'TOO_SHORT', arrayMinSize: 'TOO_SHORT',
  maxLength: 'TOO_LONG', arrayMaxSize: 'TOO_LONG',
  // isLength: TOO_SHORT or TOO_LONG, by the value's length (lengthReason)
  matches: 'BAD_FORMAT', isUUID: 'BAD_FORMAT', isEmail: 'BAD_FORMAT', isDateString: 'BAD_FORMAT', isISO8601: 'BAD_FORMAT',
  isNumberString: 'BAD_FORMAT', isDecimal: 'BAD_FORMAT', isAlphanumeric: 'BAD_FORMAT', isAlpha: 'BAD_FORMAT', isNumeric: 'BAD_FORMAT',
  isMobilePhone: 'BAD_FORMAT', isPhoneNumber: 'BAD_FORMAT', isPostalCode: 'BAD_FORMAT', isUrl: 'BAD_FORMAT', isAscii: 'BAD_FORMAT',
  isInt: 'BAD_TYPE', isNumber: 'BAD_TYPE', isString: 'BAD_TYPE', isBoolean: 'BAD_TYPE', isDate: 'BAD_TYPE', isArray: 'BAD_TYPE',
  isObject: 'BAD_TYPE', nestedValidation: 'BAD_TYPE',
  isIn: 'NOT_IN_LIST', isEnum: 'NOT_IN_LIST', equals: 'NOT_IN_LIST',
  isNotIn: 'NOT_ALLOWED', notEquals: 'NOT_ALLOWED',
  arrayUnique: 'DUPLICATE', whitelistValidation: 'UNKNOWN_FIELD',
};

/** The reason of an `isLength` violation: TOO_SHORT below its minimum, TOO_LONG otherwise. */
function lengthReason(e: ValidationError): string {
  const target = e.target?.constructor;
  const meta = target
    ? classValidatorMetadata().getTargetValidationMetadatas(target, '', true, false).find((m) => m.propertyName === e.property && m.name === 'isLength')
    : undefined;
  const min = Number(meta?.constraints?.[0] ?? 0);
  return typeof e.value === 'string' && Array.from(e.value).length < min ? 'TOO_SHORT' : 'TOO_LONG';
}

/** The reason for a class-validator constraint that `e` breaks. */
export function constraintReason(constraint: string, e: ValidationError): string {
  if (constraint === 'isLength') return lengthReason(e);
  return CONSTRAINT_REASONS[constraint] ?? 'INVALID';
}

/** A property of an input class as its GraphQL field is named (`@Field({ name })` may rename it). */
function schemaNameOf(target: object | undefined, property: string): string {
  const fields = typeGraphQLMetadata().fields;
  for (let c = target?.constructor; c && c !== Object; c = Object.getPrototypeOf(c)) {
    const f = fields.find((x) => x.target === c && x.name === property);
    if (f) return f.schemaName;
  }
  return property;
}

/** Every violation in class-validator's errors, as paths from `prefix` (an argument's name, or '' for an args class). */
export function violationsOf(errors: readonly ValidationError[], prefix = ''): InputViolation[] {
  const out: InputViolation[] = [];
  const walk = (list: readonly ValidationError[], at: string) => {
    for (const e of list) {
      const step = /^\d+$/.test(e.property) ? `[${e.property}]` : `${at ? '.' : ''}${schemaNameOf(e.target, e.property)}`;
      const field = at + step;
      for (const [constraint, text] of Object.entries(e.constraints ?? {})) {
        // class-validator's messages start with the property's name: name the whole path instead
        const rule = String(text).startsWith(`${e.property} `) ? String(text).slice(e.property.length + 1) : String(text);
        out.push({ field, reason: constraintReason(constraint, e), message: `\`${field}\` ${rule}` });
      }
      if (e.children?.length) walk(e.children, field);
    }
  };
  walk(errors, prefix);
  return out;
}

/** The BAD_USER_INPUT error for violations: the first one's field, reason and message; every one in `errors`. */
export function inputError(violations: readonly InputViolation[]): GraphQLError {
  const [first] = violations;
  const extensions: Record<string, unknown> = { code: ErrorCode.BAD_USER_INPUT, field: first.field, reason: first.reason };
  if (violations.length > 1) extensions.errors = violations.map((v) => ({ field: v.field, reason: v.reason, message: v.message }));
  const more = violations.length > 1 ? ` (and ${violations.length - 1} more: see extensions.errors)` : '';
  return new GraphQLError(first.message + more, { extensions });
}

/** How type-graphql validated arguments before (buildSchema's `validate`): missing properties are skipped. */
const VALIDATOR_OPTIONS: ValidatorOptions = { forbidUnknownValues: false, skipMissingProperties: true };

/**
 * The argument, among a field's, that holds a value of the input class `argType`; '' for an args class (`@Args()`),
 * whose properties are the field's arguments themselves.
 */
function argumentNameFor(argType: unknown, args: readonly GraphQLArgument[]): string {
  const meta = typeGraphQLMetadata();
  if (meta.argumentTypes.some((t) => t.target === argType)) return '';
  const input = meta.inputTypes.find((t) => t.target === argType);
  if (!input) return '';
  return args.find((a) => getNamedType(a.type).name === input.name)?.name ?? '';
}

/**
 * The schema builder's `validateFn`: runs class-validator on an input or args object (as type-graphql did) and
 * throws the one BAD_USER_INPUT shape instead of type-graphql's "Argument Validation Error".
 */
export const validateArguments: ValidatorFn<object> = async (argValue, argType, resolverData) => {
  if (argValue === null || typeof argValue !== 'object') return;
  const info = resolverData.info;
  const args = info.parentType.getFields()[info.fieldName]?.args ?? [];
  const name = argumentNameFor(argType, args);
  const items = Array.isArray(argValue) ? argValue : [argValue];
  const violations: InputViolation[] = [];
  for (let i = 0; i < items.length; i++) {
    if (items[i] === null || typeof items[i] !== 'object') continue;
    const errors = await validate(items[i], VALIDATOR_OPTIONS);
    violations.push(...violationsOf(errors, Array.isArray(argValue) ? `${name}[${i}]` : name));
  }
  if (violations.length) throw inputError(violations);
};

/** A class-validator constraint on a GraphQL input or args class, as `inputValidationRules` lists it. */
export interface InputValidationRule {
  className: string;
  /** the GraphQL input type's name; undefined for an args class (`@ArgsType`), whose fields are arguments */
  inputType?: string;
  /** an args class's arguments (its GraphQL field names) */
  argNames: string[];
  /** the GraphQL name of the constrained field (or argument) */
  field: string;
  /** class-validator's constraint name (`isLength`, `min`, `matches`, ...) */
  constraint: string;
  constraints: unknown[];
  /** the constraint's message for a value (checks that no message repeats the value) */
  messageFor(value: unknown): string;
}

/**
 * Every class-validator constraint on a GraphQL input or args class loaded so far (for tests that check each one,
 * so that a new input type or constraint is covered without a change to them).
 */
export function inputValidationRules(): InputValidationRule[] {
  const tg = typeGraphQLMetadata();
  const storage = (classValidatorMetadata() as unknown as { validationMetadatas: Map<Function, any[]> }).validationMetadatas;
  const out: InputValidationRule[] = [];
  for (const [target, metas] of storage) {
    const input = tg.inputTypes.find((t) => t.target === target);
    const args = tg.argumentTypes.find((t) => t.target === target);
    if (!input && !args) continue;
    const fieldsOf = tg.fields.filter((f) => f.target === target);
    for (const m of metas) {
      out.push({
        className: target.name,
        inputType: input?.name,
        argNames: args ? fieldsOf.map((f) => f.schemaName) : [],
        field: fieldsOf.find((f) => f.name === m.propertyName)?.schemaName ?? m.propertyName,
        constraint: m.name ?? m.type,
        constraints: m.constraints ?? [],
        messageFor: (value) =>
          String(
            (typeof m.message === 'function'
              ? m.message({ value, property: m.propertyName, constraints: m.constraints ?? [], targetName: target.name, object: {} })
              : m.message) ?? '',
          ),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// ids

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True for a well-formed AidGraph id: every `ID` (a person, a household, a record) is a UUID, in any case. Ids are
 * checked before they reach SQL: PostgreSQL's uuid columns refuse anything else (and with it a whole `IN (...)`
 * batch), while SQLite would quietly find nothing.
 */
export function isWellFormedId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** The canonical form of a well-formed id: lower case, as stored (SQLite compares text exactly). */
export function canonicalId(value: string): string {
  return value.toLowerCase();
}

/** The BAD_USER_INPUT error for an id argument or input field that is not a well-formed id. */
export function badIdError(field: string): GraphQLError {
  return inputError([{ field, reason: 'BAD_ID', message: `\`${field}\` is not a well-formed id (ids are UUIDs)` }]);
}

/** True when `value` holds a control character no String argument may hold (common's CONTROL_CHARACTER: the kit refuses
 *  them in every String argument, on both databases alike, before any SQL). */
export function hasControlCharacter(value: string): boolean {
  return CONTROL_CHARACTER.test(value);
}

/** The BAD_USER_INPUT error (reason BAD_CHARACTER) for a String argument or input field holding a control character. */
export function badCharacterError(field: string): GraphQLError {
  return inputError([{
    field, reason: 'BAD_CHARACTER',
    message: `\`${field}\` contains ${CONTROL_CHARACTER_TEXT}`,
  }]);
}

/** The scalars the middleware checks in every argument: ids (BAD_ID) and text (BAD_CHARACTER). */
const CHECKED_SCALARS = new Set(['ID', 'String']);

/** True when values of `type` hold an `ID` or a `String` somewhere (itself, a list of it, an input object field). */
function holdsChecked(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (CHECKED_SCALARS.has(named.name)) return true;
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((f) => holdsChecked(f.type, seen));
}

/**
 * Check every ID (and canonicalise it, in place) and every String in `value` of `type` at `path`; throws BAD_ID or
 * BAD_CHARACTER for the first bad one.
 */
function checkValues(type: GraphQLInputType, value: unknown, path: string, set: (v: string) => void): void {
  if (value === null || value === undefined) return;
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) {
    if (Array.isArray(value)) value.forEach((v, i) => checkValues(t.ofType, v, `${path}[${i}]`, (x) => (value[i] = x)));
    else checkValues(t.ofType, value, path, set);
    return;
  }
  if (!isInputObjectType(t) && getNamedType(t).name === 'ID') {
    if (!isWellFormedId(value)) throw badIdError(path);
    if (value !== canonicalId(value)) set(canonicalId(value));
    return;
  }
  if (!isInputObjectType(t) && getNamedType(t).name === 'String') {
    if (typeof value === 'string' && hasControlCharacter(value)) throw badCharacterError(path);
    return;
  }
  if (isInputObjectType(t) && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const f of Object.values(t.getFields())) if (holdsChecked(f.type) && f.name in obj) checkValues(f.type, obj[f.name], `${path}.${f.name}`, (x) => (obj[f.name] = x));
  }
}

const idArgsOf = new WeakMap<GraphQLField<unknown, unknown>, readonly GraphQLArgument[]>();

/**
 * Kit middleware (on every field with arguments): every argument of type `ID` (also in a list or an input object, e.g. `filter.personId`) must be
 * a well-formed id, or the field answers BAD_USER_INPUT with reason BAD_ID and the value's path; every `String`
 * argument and input field (at any depth, list items too) must hold no control character (U+0000-U+0008, U+000B,
 * U+000C, U+000E-U+001F, U+007F; tab, line feed and carriage return are text), or the field answers BAD_USER_INPUT
 * with reason BAD_CHARACTER and the value's path — the same on SQLite and PostgreSQL, before any SQL (and before
 * class-validator's constraints). Well-formed ids are canonicalised (lower case) for the resolver.
 */
export const checkIdArguments: FieldMiddleware<object> = ({ args, info }, next) => {
  const field = info.parentType.getFields()[info.fieldName];
  if (!field || field.args.length === 0) return next();
  let idArgs = idArgsOf.get(field);
  if (!idArgs) idArgsOf.set(field, (idArgs = field.args.filter((a) => holdsChecked(a.type))));
  for (const a of idArgs) checkValues(a.type, args[a.name], a.name, (x) => (args[a.name] = x));
  return next();
};

/**
 * Wrap an entity's reference resolver so that a representation whose `id` is not a well-formed id resolves to null
 * for itself only (as an unknown id does) and never reaches a loader: one malformed key among a batch of `_entities`
 * must not fail the batch's `IN (...)` on PostgreSQL. Well-formed ids reach the resolver canonicalised.
 */
export function guardReferenceResolver<R extends { id?: unknown }, C, I>(
  resolve: (ref: R, ctx: C, info: I) => unknown,
): (ref: R, ctx: C, info: I) => unknown {
  return (ref, ctx, info) => {
    if (!isWellFormedId(ref?.id)) return null;
    return resolve({ ...ref, id: canonicalId(ref.id) }, ctx, info);
  };
}

/**
 * The one shape of an input error (graphql/input-errors.ts) for what does not come from the kit's own checks: a
 * variable's value GraphQL could not coerce (wrong type, missing, unknown field: the message would repeat the value)
 * and class-validator's `validationErrors` from a schema not built by the kit. Undefined for any other error.
 */
export function normalizeInputError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined {
  const ext = (formatted.extensions ?? {}) as Record<string, unknown>;
  if (ext.code !== 'BAD_USER_INPUT') return undefined;
  const base = { path: formatted.path, locations: formatted.locations };
  const variable = normalizeVariableInputError(formatted, error);
  if (variable) return variable;
  if (Array.isArray(ext.validationErrors)) {
    const violations = violationsOf(ext.validationErrors as ValidationError[]);
    if (violations.length) {
      const [first] = violations;
      const extensions: Record<string, unknown> = { code: 'BAD_USER_INPUT', field: first.field, reason: first.reason };
      if (violations.length > 1) extensions.errors = violations;
      return { message: first.message, ...base, extensions };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// a department's rule: `field` as the path from the argument

/** The first step of a path (`input` of `input.members[1].idNumber`, `ids` of `ids[2]`). */
function firstStep(path: string): string {
  return /^[^.[]*/.exec(path)![0];
}

/** True for a plain object or a class instance (an input object's value), not an array, a Date or a Decimal-like scalar. */
function isInputObjectValue(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Date) return false;
  return true;
}

/**
 * The path from one of the field's arguments to the value named `key`: breadth first through the argument values
 * (objects and arrays), so a top-level key of `input` wins over a nested one; then, for a key the client left out
 * (a rule such as "required when ..."), through the arguments' input object types (not into lists). Undefined when
 * no argument holds it.
 */
function pathOfKey(key: string, args: Record<string, unknown>, defs: readonly GraphQLArgument[]): string | undefined {
  const queue: Array<[unknown, string]> = defs.filter((a) => a.name in args).map((a) => [args[a.name], a.name]);
  const seen = new Set<unknown>();
  while (queue.length) {
    const [value, at] = queue.shift()!;
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach((v, i) => queue.push([v, `${at}[${i}]`]));
      continue;
    }
    if (!isInputObjectValue(value)) continue;
    if (Object.prototype.hasOwnProperty.call(value, key)) return `${at}.${key}`;
    for (const [k, v] of Object.entries(value)) queue.push([v, `${at}.${k}`]);
  }
  const types: Array<[GraphQLInputType, string]> = defs.map((a) => [a.type, a.name]);
  const seenTypes = new Set<string>();
  while (types.length) {
    const [type, at] = types.shift()!;
    const t = isNonNullType(type) ? type.ofType : type;
    if (!isInputObjectType(t) || seenTypes.has(t.name)) continue;
    seenTypes.add(t.name);
    const fields = t.getFields();
    if (fields[key]) return `${at}.${key}`;
    for (const f of Object.values(fields)) types.push([f.type, `${at}.${f.name}`]);
  }
  return undefined;
}

/**
 * `field` (or an `extensions.errors[].field`) as the path from the argument that holds it: unchanged when its first
 * step is already one of the field's arguments (or no argument holds it: a rule about the request as a whole).
 */
export function fieldPathFromArguments(field: unknown, args: Record<string, unknown>, defs: readonly GraphQLArgument[]): unknown {
  if (typeof field !== 'string' || field === '') return field;
  const key = firstStep(field);
  if (!key || defs.some((a) => a.name === key)) return field;
  const at = pathOfKey(key, args, defs);
  return at ? at + field.slice(key.length) : field;
}

/**
 * Kit middleware (on every field with arguments, outermost but for the public site's gate): a BAD_USER_INPUT error thrown while the field resolves (a department's rule,
 * `badInput(message, 'amount', reason)`, or a kit helper's) whose `field` names an input field alone is answered with
 * `field` the path from the argument that holds it (`input.amount`, `input.members[1].idNumber`), as the kit's own
 * checks give it (README "Errors"); `extensions.errors[].field` likewise. A `field` that is already a path from an
 * argument, or that no argument holds, is left as it is.
 */
export const inputFieldPaths: FieldMiddleware<object> = ({ args, info }, next) =>
  catchNext(next, (error) => {
    if (!(error instanceof GraphQLError) || error.extensions?.code !== ErrorCode.BAD_USER_INPUT) throw error;
    const defs = info.parentType.getFields()[info.fieldName]?.args ?? [];
    if (defs.length === 0) throw error;
    const ext = error.extensions as Record<string, unknown>;
    const field = fieldPathFromArguments(ext.field, args, defs);
    const errors = Array.isArray(ext.errors)
      ? ext.errors.map((e) => (isInputObjectValue(e) && 'field' in e ? { ...e, field: fieldPathFromArguments(e.field, args, defs) } : e))
      : ext.errors;
    const changed = field !== ext.field || (Array.isArray(errors) && errors.some((e, i) => e !== (ext.errors as unknown[])[i] && (e as any).field !== ((ext.errors as any[])[i]).field));
    if (!changed) throw error;
    throw new GraphQLError(error.message, {
      nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError: error.originalError,
      extensions: { ...ext, field, ...(Array.isArray(errors) ? { errors } : {}) },
    });
  });
