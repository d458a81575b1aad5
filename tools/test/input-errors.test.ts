import crypto from 'node:crypto';
/**
 * One error shape for every input error (issue 13, items 8 and 11), checked on every argument of every root field of
 * every listed subgraph, from their schemas: a new subgraph, input type, id field or class-validator constraint is
 * covered without a change here.
 *  - every position of type ID (an argument, an input field, a list item) given "p-17": BAD_USER_INPUT, reason BAD_ID,
 *    `field` its path — the same on SQLite and PostgreSQL, before any SQL;
 *  - every position of type String given a control character (U+0000 ...): BAD_USER_INPUT, reason BAD_CHARACTER,
 *    `field` its path — the same on SQLite and PostgreSQL, before any SQL;
 *  - every class-validator constraint of an input or args class: BAD_USER_INPUT with the path and the constraint's reason;
 *  - a variable GraphQL cannot coerce (wrong type, missing, unknown field): HTTP 400, BAD_USER_INPUT with the argument's
 *    path and a reason, and a message that does not repeat the value;
 *  - `_entities` with one malformed key among good ones: null for that one only.
 */
import {
  getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, isInterfaceType, isUnionType,
  type GraphQLField, type GraphQLInputType, type GraphQLSchema,
} from 'graphql';
import { clockToday, inputValidationRules, type InputValidationRule } from '@aidgraph/subgraph-kit';
import { generateHouseholds } from '@aidgraph/population';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { listedSubgraphs, loadDefinition } from '../src/subgraphs';

const GOOD_ID = '00000000-0000-4000-8000-00000000abcd';
const BAD_ID = 'p-17';

/** A value of each scalar that GraphQL accepts (checks behind the scalar may still refuse it). */
const SCALAR_VALUES: Record<string, unknown> = {
  ID: GOOD_ID, String: 'x', Int: 1, Float: 1, Boolean: false, Yuan: '1.00', HousingFloorArea: '30.00',
};
/** A value of each scalar that GraphQL refuses to coerce, and the reason expected. */
const WRONG_VALUES: Record<string, [unknown, string]> = {
  String: [{ secret: '张三' }, 'BAD_TYPE'], Int: ['370281199001011234', 'BAD_TYPE'], Float: ['13800001234', 'BAD_TYPE'],
  Boolean: ['张三', 'BAD_TYPE'], ID: [{ secret: '张三' }, 'BAD_TYPE'], Yuan: ['370281199001011234.123', 'BAD_FORMAT'],
  HousingFloorArea: ['370281199001011234.123', 'BAD_FORMAT'],
};

type Path = (string | number)[];
const printPath = (p: Path) => p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');

/** A value of `type` GraphQL accepts: required input fields filled, optional ones left out. */
function sample(type: GraphQLInputType, depth = 0): unknown {
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) return [sample(t.ofType, depth)];
  if (isEnumType(t)) return t.getValues()[0].name;
  if (isInputObjectType(t)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(t.getFields())) if (isNonNullType(f.type) && f.defaultValue === undefined && depth < 5) out[f.name] = sample(f.type, depth + 1);
    return out;
  }
  if (!(t.name in SCALAR_VALUES)) throw new Error(`no sample value for the scalar ${t.name}: add it to SCALAR_VALUES`);
  return SCALAR_VALUES[t.name];
}

/** Every position of a named type in a value of `type`, as paths from `at` (lists: their first item). */
function positions(type: GraphQLInputType, at: Path, want: (t: GraphQLInputType) => boolean, seen = new Set<string>()): { path: Path; type: GraphQLInputType }[] {
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) return positions(t.ofType, [...at, 0], want, seen);
  if (want(t)) return [{ path: at, type: t }];
  if (!isInputObjectType(t) || seen.has(t.name)) return [];
  const inner = new Set(seen).add(t.name);
  return Object.values(t.getFields()).flatMap((f) => positions(f.type, [...at, f.name], want, inner));
}

/** Put `value` at `rest` below `container[key]` (of `type`), creating objects and lists on the way with sample values. */
function put(container: any, key: string | number, type: GraphQLInputType, rest: Path, value: unknown): void {
  if (rest.length === 0) {
    container[key] = value;
    return;
  }
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) {
    if (!Array.isArray(container[key])) container[key] = [];
    put(container[key], rest[0], t.ofType, rest.slice(1), value);
  } else if (isInputObjectType(t)) {
    if (container[key] === null || typeof container[key] !== 'object') container[key] = sample(t);
    put(container[key], rest[0], t.getFields()[rest[0] as string].type, rest.slice(1), value);
  }
}

/** Set `value` at `path` (its first key an argument of `field`) in the arguments. */
function setAt(args: Record<string, unknown>, field: GraphQLField<unknown, unknown>, path: Path, value: unknown): void {
  put(args, path[0], field.args.find((a) => a.name === path[0])!.type, path.slice(1), value);
}

/** An operation calling one root field with every argument as a variable, and the arguments' sample values. */
function operationFor(schema: GraphQLSchema, kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const defs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`);
  const named = getNamedType(field.type);
  const selection = isObjectType(named) || isInterfaceType(named) || isUnionType(named) ? ' { __typename }' : '';
  const call = field.args.length ? `(${field.args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const query = `${kind}${defs.length ? `(${defs.join(', ')})` : ''} { ${field.name}${call}${selection} }`;
  const args: Record<string, unknown> = {};
  for (const a of field.args) if (isNonNullType(a.type) && a.defaultValue === undefined) args[a.name] = sample(a.type);
  void schema;
  return { query, args };
}

function rootFields(schema: GraphQLSchema): { kind: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] {
  const out: { kind: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] = [];
  for (const [kind, type] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const)
    for (const f of Object.values(type?.getFields() ?? {})) if (!f.name.startsWith('_') && f.args.length) out.push({ kind, field: f });
  return out;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** The input-error entries of a response: the top-level field/reason and every entry of `errors`. */
function entries(ext: Record<string, any> | undefined): { field: string; reason: string }[] {
  if (!ext) return [];
  return [{ field: ext.field, reason: ext.reason }, ...((ext.errors as { field: string; reason: string }[] | undefined) ?? [])];
}

/**
 * Check the one shape of an input error and that its message does not repeat `value`; with `argNames` (the field's
 * arguments), that `field` and every `errors[].field` is a path from one of them (`input.amount`, `ids[2]`, `first`).
 */
function expectShape(e: { message: string; extensions?: Record<string, any> } | undefined, value?: unknown, argNames?: readonly string[]): void {
  expect(e?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(typeof e?.extensions?.field).toBe('string');
  if (argNames) for (const x of entries(e?.extensions)) expect({ field: x.field, from: argNames.includes(/^[^.[]*/.exec(x.field)![0]) }).toEqual({ field: x.field, from: true });
  expect(e?.extensions?.reason).toMatch(/^[A-Z_]+$/);
  expect(e?.extensions?.validationErrors).toBeUndefined();
  expect(e?.message).not.toMatch(/Argument Validation Error/);
  if (Array.isArray(e?.extensions?.errors)) for (const x of e!.extensions!.errors) expect(x).toEqual({ field: expect.any(String), reason: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String) });
  if (value !== undefined) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (text.length > 3) expect(e?.message).not.toContain(typeof value === 'object' ? '张三' : text);
  }
}

/** Values breaking one class-validator constraint, and the reasons expected; undefined for a constraint not known here. */
function violating(m: InputValidationRule): [unknown, string][] | undefined {
  const c = m.constraints;
  switch (m.constraint) {
    case 'isLength':
      return [...(Number(c[0]) > 0 ? [['', 'TOO_SHORT'] as [unknown, string]] : []), ...(c[1] !== undefined ? [['长'.repeat(Number(c[1]) + 1), 'TOO_LONG'] as [unknown, string]] : [])];
    case 'minLength':
      return Number(c[0]) > 0 ? [['', 'TOO_SHORT']] : [];
    case 'maxLength':
      return [['长'.repeat(Number(c[0]) + 1), 'TOO_LONG']];
    case 'min':
      return [[Number(c[0]) - 1, 'TOO_SMALL']];
    case 'max':
      return [[Number(c[0]) + 1, 'TOO_LARGE']];
    case 'matches': {
      const re = c[0] instanceof RegExp ? c[0] : new RegExp(String(c[0]), c[1] as string | undefined);
      const bad = ['#not-this-form#', '0', ''].find((v) => !re.test(v))!;
      return [[bad, 'BAD_FORMAT']];
    }
    default:
      return undefined;
  }
}

describe('class-validator constraints of every subgraph', () => {
  it('never put the value typed in a message', () => {
    for (const { name } of listedSubgraphs()) loadDefinition(name);
    const rules = inputValidationRules();
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) {
      const msg = r.messageFor('SENTINEL-370281');
      expect({ at: `${r.className}.${r.field}`, repeats: msg.includes('$value') || msg.includes('SENTINEL') }).toEqual({ at: `${r.className}.${r.field}`, repeats: false });
    }
  });
});

/**
 * The ids of the subgraph's referrals (the service centre's `referral`) or referral decisions (a department's
 * `referral_decision`), after adding one for a registry person (a refusal: no record needed).
 */
async function referralKeys(h: SubgraphHarness, department: string): Promise<string[]> {
  const meta = h.db.entityMetadatas.find((m) => m.tableName === 'referral' || m.tableName === 'referral_decision');
  if (!meta) return [];
  const p = h.registryPeople[0];
  const base = { id: crypto.randomUUID(), applicationId: crypto.randomUUID(), department, programme: 'EDUCATION', townshipCode: p.townshipCode };
  const row =
    meta.tableName === 'referral'
      ? { ...base, department: 'EDUCATION', applicantId: p.id, householdId: null, villageCode: null, createdOn: '2025-12-01' }
      : { ...base, personId: p.id, referredOn: '2025-12-01', outcome: 'REFUSED', reason: '不符合条件', recordId: null, decidedOn: '2025-12-02', decidedBy: 'input-errors-test' };
  await h.db.getRepository(meta.target).insert(row);
  return (await h.db.getRepository(meta.target).find({ select: { id: true } as never })).map((r) => String(r.id));
}

/** Stored verification runs of civil affairs (the seed makes none): one verifyHousehold by a caseworker of each of two households' townships. */
async function verificationRunKeys(h: SubgraphHarness, households: { id: string; townshipCode: string }[]): Promise<string[]> {
  const ids: string[] = [];
  for (const hh of households.slice(0, 2)) {
    const r = await h.request('mutation($i: VerifyHouseholdInput!) { verifyHousehold(input: $i) { id } }', { i: { householdId: hh.id, on: '2025-12-31' } }, {
      role: 'caseworker',
      subject: 'input-errors-test',
      township: hh.townshipCode,
    } as never);
    expect(r.errors).toBeUndefined();
    ids.push(r.data.verifyHousehold.id);
  }
  return ids;
}

describe.each(listedSubgraphs().map((s) => s.name))('input errors of %s', (name) => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = (await loadDefinition(name).buildSchema()).schema;
  });

  describe.each(testDatabaseKinds())('on %s', (kind) => {
    let h: SubgraphHarness;
    beforeAll(async () => {
      h = await startSubgraphHarness(loadDefinition(name), kind, { seedSize: 300 });
    });
    afterAll(() => h?.close());

    it('answers BAD_ID with the path for a malformed id in every ID argument and input field; a well-formed id passes', async () => {
      let checked = 0;
      for (const { kind: op, field } of rootFields(schema)) {
        const { query, args } = operationFor(schema, op, field);
        for (const a of field.args)
          for (const { path } of positions(a.type, [a.name], (t) => getNamedType(t).name === 'ID')) {
            const vars = clone(args);
            setAt(vars, field, path, BAD_ID);
            const r = await h.request(query, vars);
            const e = r.errors?.[0];
            expect({ field: field.name, path: printPath(path), ext: e?.extensions }).toEqual({
              field: field.name, path: printPath(path), ext: { code: 'BAD_USER_INPUT', field: printPath(path), reason: 'BAD_ID' },
            });
            expectShape(e, BAD_ID, field.args.map((x) => x.name));
            // the same position with a well-formed (upper-case) id is no BAD_ID and no internal error
            const good = clone(args);
            setAt(good, field, path, GOOD_ID.toUpperCase());
            const ok = await h.request(query, good);
            for (const x of ok.errors ?? []) {
              expect({ field: field.name, path: printPath(path), reason: x.extensions?.reason }).not.toEqual({ field: field.name, path: printPath(path), reason: 'BAD_ID' });
              expect({ field: field.name, code: x.extensions?.code }).not.toEqual({ field: field.name, code: 'INTERNAL_SERVER_ERROR' });
            }
            checked++;
          }
      }
      expect(checked).toBeGreaterThan(0);
    });

    it('answers BAD_CHARACTER with the path for a control character in every String argument and input field; tab and newline pass', async () => {
      // the refused characters, one per position in turn (U+0000 alone is refused by PostgreSQL, stored by SQLite)
      const bad = ['王\u0000', '医院\u0000X', 'a\u0001b', '\u0008', 'x\u000by', 'x\u000cy', 'x\u000ey', '\u001f', '胶州\u007f'];
      let checked = 0;
      for (const { kind: op, field } of rootFields(schema)) {
        const { query, args } = operationFor(schema, op, field);
        for (const a of field.args)
          for (const { path } of positions(a.type, [a.name], (t) => getNamedType(t).name === 'String')) {
            const value = bad[checked % bad.length];
            const vars = clone(args);
            setAt(vars, field, path, value);
            const r = await h.request(query, vars);
            const e = r.errors?.[0];
            expect({ field: field.name, path: printPath(path), status: r.status, data: r.data?.[field.name] ?? null, ext: e?.extensions }).toEqual({
              field: field.name, path: printPath(path), status: 200, data: null, ext: { code: 'BAD_USER_INPUT', field: printPath(path), reason: 'BAD_CHARACTER' },
            });
            expectShape(e, value, field.args.map((x) => x.name));
            expect(e?.message).not.toContain(value);
            // the same position with tab, line feed and carriage return is no BAD_CHARACTER and no internal error
            const good = clone(args);
            setAt(good, field, path, '王\t医院\r\nX');
            const ok = await h.request(query, good);
            for (const x of ok.errors ?? []) {
              expect({ field: field.name, path: printPath(path), reason: x.extensions?.reason }).not.toEqual({ field: field.name, path: printPath(path), reason: 'BAD_CHARACTER' });
              expect({ field: field.name, code: x.extensions?.code }).not.toEqual({ field: field.name, code: 'INTERNAL_SERVER_ERROR' });
            }
            checked++;
          }
      }
      // every subgraph has paged lists (their cursors are Strings)
      expect(checked).toBeGreaterThan(0);
    });

    it('answers every class-validator constraint with the path and its reason', async () => {
      const unknown: string[] = [];
      let checked = 0;
      for (const m of inputValidationRules()) {
        const cases = violating(m);
        if (!cases) {
          unknown.push(`${m.className}.${m.field}: ${m.constraint}`);
          continue;
        }
        // every root field of this subgraph that takes the class: as an argument's input type, or (args class) its arguments
        for (const { kind: op, field } of rootFields(schema)) {
          const paths: Path[] = m.inputType
            ? field.args.flatMap((a) => positions(a.type, [a.name], (t) => isInputObjectType(t) && t.name === m.inputType).map((p) => [...p.path, m.field]))
            : m.argNames.every((n) => field.args.some((a) => a.name === n))
              ? [[m.field]]
              : [];
          for (const path of paths) {
            const { query, args } = operationFor(schema, op, field);
            for (const [value, reason] of cases) {
              const vars = clone(args);
              setAt(vars, field, path, value);
              const r = await h.request(query, vars);
              const e = r.errors?.[0];
              expect({ field: field.name, at: printPath(path), found: entries(e?.extensions).some((x) => x.field === printPath(path) && x.reason === reason) })
                .toEqual({ field: field.name, at: printPath(path), found: true });
              expectShape(e, value, field.args.map((x) => x.name));
              checked++;
            }
          }
        }
      }
      expect(unknown).toEqual([]);
      // every subgraph has paged lists (the kit's page arguments carry constraints)
      expect(checked).toBeGreaterThan(0);
    });

    it('resolves an _entities key that is not a well-formed id to null for itself only, the batch unchanged', async () => {
      const entities = Object.values(schema.getTypeMap()).filter(
        // entities this subgraph resolves: a `@key(..., resolvable: false)` stub (the service centre's VerificationRun) is never asked
        (t) =>
          isObjectType(t) &&
          !t.name.startsWith('_') &&
          (t.astNode?.directives ?? []).some(
            (d) => d.name.value === 'key' && !(d.arguments ?? []).some((a) => a.name.value === 'resolvable' && a.value.kind === 'BooleanValue' && !a.value.value),
          ),
      );
      expect(entities.map((t) => t.name)).toContain('Person');
      // whether the seed gave this department any record of its own (its definition's entities that are types of its
      // graph: not bookkeeping such as supervision's one-row rule lease, which its migration creates)
      const records = (loadDefinition(name).entities ?? []).filter((e) => typeof e === 'function' && schema.getType(e.name) != null);
      const own = await Promise.all(records.map((e) => h.db.getRepository(e as never).count()));
      const seeded = own.some((n) => n > 0);
      // persons and households of the seeded population (the harness seeds 'test-seed'): those with records of this
      // department among them
      const households = [...generateHouseholds({ seed: 'test-seed', size: 300 })];
      const keysOf: Record<string, string[]> = { Person: h.registryPeople.map((p) => p.id), Household: households.map((x) => x.id) };
      // referrals (协同办理): this small population may hold none of this subgraph's, so one is made here
      if (entities.some((t) => t.name === 'Referral')) keysOf.Referral = await referralKeys(h, loadDefinition(name).department);
      // what a representation carries beside its key: the @requires fields the gateway would send (a public notice's applicant)
      const extraOf: Record<string, (i: number) => Record<string, unknown>> = {};
      for (const type of entities) {
        if (keysOf[type.name]) continue;
        const table = h.db.entityMetadatas.find((m) => m.name === type.name);
        if (type.name === 'VerificationRun' && table) keysOf.VerificationRun = await verificationRunKeys(h, households);
        else if (table) {
          keysOf[type.name] = (await h.db.getRepository(table.target).find({ select: { id: true } as never, take: 20 })).map((r) => String((r as { id: string }).id));
          // a public notice resolves only while in force today (the one notice board): move the seeded ones to this week
          if (type.name === 'PublicNotice') {
            const today = clockToday();
            const day = (n: number) => new Date(Date.parse(today) + n * 86_400_000).toISOString().slice(0, 10);
            await h.db.getRepository(table.target).update(keysOf[type.name], { startsOn: day(-2), endsOn: day(4), endedOn: null, endedBecause: null } as never);
          }
        }
        else {
          // an entity this subgraph extends (a stub, or fields @requires'ing the owner's values): ids of the owner's records
          keysOf[type.name] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
          if (type.name === 'PublicNotice') extraOf.PublicNotice = (i) => ({ applicantId: h.registryPeople[i % h.registryPeople.length].id, startsOn: '2025-12-01' });
        }
      }
      for (const type of entities) {
        if (!isObjectType(type)) continue;
        const selection = Object.values(type.getFields())
          .filter((f) => f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined))
          .map((f) => {
            const named = getNamedType(f.type);
            return isObjectType(named) || isInterfaceType(named) || isUnionType(named) ? `${f.name} { __typename }` : f.name;
          })
          .join(' ');
        const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${type.name} { ${selection} } } }`;
        const keys = keysOf[type.name];
        expect({ type: type.name, keys: Boolean(keys?.length) }).toEqual({ type: type.name, keys: true });
        const good = keys.map((id, i) => ({ __typename: type.name, id, ...(extraOf[type.name]?.(i) ?? {}) }));
        const mid = Math.floor(good.length / 2);
        const bad = [...good.slice(0, mid), { __typename: type.name, id: BAD_ID }, { __typename: type.name, id: 'DROP TABLE x' }, ...good.slice(mid)];
        const clean = await h.request(query, { r: good });
        const mixed = await h.request(query, { r: bad });
        expect({ type: type.name, errors: mixed.errors }).toEqual({ type: type.name, errors: clean.errors });
        expect(mixed.data._entities).toHaveLength(good.length + 2);
        expect(mixed.data._entities[mid]).toBeNull();
        expect(mixed.data._entities[mid + 1]).toBeNull();
        // the batch carries this department's data (not only empty answers) — unless its seed makes no records at all
        // (supervision: alerts are only ever the rules' findings), when every answer is empty
        const withData = (clean.data._entities as Record<string, unknown>[]).filter((e) => Object.entries(e).some(([k, v]) => k !== 'id' && v !== null && !(Array.isArray(v) && v.length === 0)));
        expect({ type: type.name, withData: withData.length > 0 }).toEqual({ type: type.name, withData: seeded });
        // every good key answers exactly what it answers in a batch without the bad ones
        expect([...mixed.data._entities.slice(0, mid), ...mixed.data._entities.slice(mid + 2)]).toEqual(clean.data._entities);
        // an upper-case key is the same id
        const upper = await h.request(query, { r: [{ __typename: type.name, id: keys[0].toUpperCase(), ...(extraOf[type.name]?.(0) ?? {}) }] });
        expect(upper.data._entities).toEqual([clean.data._entities[0]]);
      }
    });

    it('answers a variable GraphQL cannot coerce with HTTP 400, the argument path and a reason, never the value', async () => {
      let checked = 0;
      for (const { kind: op, field } of rootFields(schema)) {
        const { query, args } = operationFor(schema, op, field);
        for (const a of field.args) {
          // the first scalar or enum position of each argument, with a value of the wrong type
          const [first] = positions(a.type, [a.name], (t) => !isInputObjectType(t) && !isListType(t));
          if (!first) continue;
          const named = getNamedType(first.type);
          const [value, reason] = isEnumType(named) ? ['NOT_A_VALUE_张三', 'NOT_IN_LIST'] : WRONG_VALUES[named.name];
          const vars = clone(args);
          setAt(vars, field, first.path, value);
          const r = await h.request(query, vars);
          expect({ field: field.name, status: r.status, ext: r.errors?.[0]?.extensions }).toEqual({
            field: field.name, status: 400, ext: { code: 'BAD_USER_INPUT', field: printPath(first.path), reason },
          });
          expectShape(r.errors?.[0], value, field.args.map((x) => x.name));
          if (typeof value === 'string') expect(r.errors?.[0].message).not.toContain(value);
          expect(r.errors?.[0].message).not.toContain('张三');
          checked++;
        }
        // a required argument left out, and an unknown field in an input object
        const required = field.args.find((a) => isNonNullType(a.type) && a.defaultValue === undefined);
        if (required) {
          const vars = clone(args);
          delete vars[required.name];
          const r = await h.request(query, vars);
          expect({ field: field.name, status: r.status, ext: r.errors?.[0]?.extensions }).toEqual({
            field: field.name, status: 400, ext: { code: 'BAD_USER_INPUT', field: required.name, reason: 'REQUIRED' },
          });
        }
        const objectArg = field.args.find((a) => isInputObjectType(isNonNullType(a.type) ? a.type.ofType : a.type));
        if (objectArg) {
          const vars = clone(args);
          vars[objectArg.name] = { ...((vars[objectArg.name] as object) ?? {}), notAField: '张三' };
          const r = await h.request(query, vars);
          expect({ field: field.name, status: r.status, ext: r.errors?.[0]?.extensions }).toEqual({
            field: field.name, status: 400, ext: { code: 'BAD_USER_INPUT', field: `${objectArg.name}.notAField`, reason: 'UNKNOWN_FIELD' },
          });
          expect(r.errors?.[0].message).not.toContain('张三');
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  });
});
