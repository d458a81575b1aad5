import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, type ObjectTypeDefinitionNode, type TypeNode } from 'graphql';
import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { ROOT, startStack, supergraphSubgraphs, type Stack } from '../support/stack';
import { departments, listedSubgraphs, personFieldsQuery, REGISTRY } from '../support/departments';
import { operation } from '../support/operations';
import { completeRecords, officer, seededPupil, type Showcase } from '../support/showcase';

const SEED = 'e2e-departments';
const SIZE = 1500;

/**
 * The first root list of a subgraph (a Relay connection with `first`, not its audit log), from its committed SDL
 * (schema/subgraphs/<name>.graphql), and whether the SDL declares it nullable: a department added there is covered
 * without editing this test.
 */
function rootListOf(name: string): { field: string; nullable: boolean } {
  const doc = parse(fs.readFileSync(path.join(ROOT, 'schema/subgraphs', `${name}.graphql`), 'utf8'));
  const query = doc.definitions.find((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Query');
  const named = (t: TypeNode): string => (t.kind === Kind.NAMED_TYPE ? t.name.value : named(t.type));
  const field = query?.fields?.find((f) => /Connection$/.test(named(f.type)) && named(f.type) !== 'AuditLogConnection' && f.arguments?.some((a) => a.name.value === 'first'));
  if (!field) throw new Error(`schema/subgraphs/${name}.graphql has no root list (a connection with \`first\`)`);
  return { field: field.name.value, nullable: field.type.kind !== Kind.NON_NULL_TYPE };
}

/**
 * Every subgraph together: one person's data from every department in one response, and any one department down
 * leaving the rest of the person intact. The departments are those of schema/subgraphs.json, never a list written here.
 */
describe.each(testDatabaseKinds())('all departments on %s', (kind) => {
  let stack: Stack;
  let person: Showcase;
  beforeAll(async () => {
    stack = await startStack(kind, { seed: SEED, seedSize: SIZE });
    person = await seededPupil(stack);
  });
  afterAll(() => stack?.close());

  it('returns one seeded person\'s data from every department in one response (the README\'s example operation)', async () => {
    await completeRecords(stack, person);

    const r = await stack.query(operation('person-across-departments'), { id: person.id, year: 2025 });
    expect(r.errors).toBeUndefined();
    const p = r.data.person;
    expect(p.id).toBe(person.id);
    expect(p.idNumber).toBe(person.idNumber);
    expect(['DIBAO', 'TEKUN', 'MARGINAL']).toContain(p.assistanceCategory);
    expect(p.enrolments.length).toBeGreaterThan(0);
    expect(p.educationAids.length).toBeGreaterThan(0);
    expect(p.medicalClaims.length).toBeGreaterThan(0);
    expect(p.medicalAssistance.category).toBe(p.assistanceCategory);
    expect(Number(p.medicalAssistance.yearToDate)).toBeGreaterThan(0);
    expect(p.disabilityCertificates[0].number.slice(0, 18)).toBe(person.idNumber);
    expect(p.household.housingAssistance.currentRentSubsidy ?? p.household.housingAssistance.currentPublicRentalAllocation ?? p.household.housingAssistance.renovation).not.toBeNull();
    expect(p.charityGrants.length + p.household.charityGrants.length).toBeGreaterThan(0);
  });

  it('starts every subgraph schema/subgraphs.json lists, as the committed supergraph composes them', () => {
    const listed = listedSubgraphs().map((s) => s.name).sort();
    expect(supergraphSubgraphs().map((s) => s.name).sort()).toEqual(listed);
    expect([...stack.subgraphs.keys()].sort()).toEqual(listed);
    expect(listed).toContain(REGISTRY);
  });

  it.each(departments().map((d) => [d.name, d.personFields] as const))('keeps the rest of the person when %s is down, with an error naming it', async (name, fields) => {
    const query = personFieldsQuery();
    const up = await stack.query(query, { id: person.id });
    expect(up.errors).toBeUndefined();
    expect(up.data.person.id).toBe(person.id);
    // something of this department's to lose: a list (empty or not) or a record
    expect(fields.some((f) => up.data.person[f] !== null)).toBe(true);
    await stack.stopSubgraph(name);
    try {
      const r = await stack.query(query, { id: person.id });
      // exactly this department's fields are null; the registry's and every other department's are as before
      expect(r.data.person).toEqual({ ...up.data.person, ...Object.fromEntries(fields.map((f) => [f, null])) });
      expect([...new Set(r.errors!.map((e) => e.extensions?.serviceName))]).toEqual([name]);
      for (const e of r.errors!) expect(e.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
      // the README's example operation, too, keeps the person, with one error naming the department when it selects any
      // of its fields (a department just made with the scaffold is not in it yet: then no error at all)
      const text = operation('person-across-departments');
      const example = await stack.query(text, { id: person.id, year: 2025 });
      expect(example.data.person.idNumber).toBe(person.idNumber);
      expect(example.data.person.enrolments.length).toBeGreaterThan(0);
      const selected = fields.some((f) => new RegExp(`\\b${f}\\b`).test(text));
      expect([...new Set((example.errors ?? []).map((e) => e.extensions?.serviceName))]).toEqual(selected ? [name] : []);
    } finally {
      await stack.startSubgraph(name);
    }
  });

  it.each(departments().map((d) => [d.name] as const))('answers a root list of civil-affairs and nulls only the root list of %s when it is down, with an error naming it', async (name) => {
    const registry = rootListOf(REGISTRY);
    const list = rootListOf(name);
    // every root list is nullable, or one department down would null the whole answer
    expect([registry.nullable, list.nullable]).toEqual([true, true]);
    const query = `{ ${registry.field}(first: 0) { totalCount } ${list.field}(first: 0) { totalCount } }`;
    const up = await stack.query(query);
    expect(up.errors).toBeUndefined();
    expect(up.data[registry.field].totalCount).toBeGreaterThan(0);
    expect(up.data[list.field].totalCount).toEqual(expect.any(Number));
    await stack.stopSubgraph(name);
    try {
      const r = await stack.query(query);
      expect(r.data).toEqual({ [registry.field]: up.data[registry.field], [list.field]: null });
      expect(r.errors?.length).toBeGreaterThan(0);
      for (const e of r.errors!) expect({ code: e.extensions?.code, serviceName: e.extensions?.serviceName }).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: name });
    } finally {
      await stack.startSubgraph(name);
    }
  });

  it('keeps answering a steady stream of requests while a department restarts (a rolling update of one subgraph)', async () => {
    const name = departments()[0].name;
    const query = personFieldsQuery();
    const answers: { status: number; person: boolean; codes: string[] }[] = [];
    let streaming = true;
    const stream = (async () => {
      while (streaming) {
        const r = await stack.query(query, { id: person.id });
        answers.push({ status: r.status, person: r.data?.person?.id === person.id, codes: [...new Set((r.errors ?? []).map((e) => String(e.extensions?.code)))] });
        await new Promise((done) => setTimeout(done, 25));
      }
    })();
    await stack.stopSubgraph(name);
    const whileDown = answers.length;
    await stack.startSubgraph(name);
    await new Promise((done) => setTimeout(done, 500));
    streaming = false;
    await stream;
    // every request was answered with the person; the only error ever seen names the department as unavailable
    expect(answers.length).toBeGreaterThan(whileDown);
    for (const a of answers) expect({ status: a.status, person: a.person }).toEqual({ status: 200, person: true });
    expect([...new Set(answers.flatMap((a) => a.codes))].filter((c) => c !== 'SUBGRAPH_UNAVAILABLE')).toEqual([]);
    expect(answers.some((a) => a.codes.includes('SUBGRAPH_UNAVAILABLE'))).toBe(true);
    // and once it is back, the whole person again, the last answers of the stream included
    expect(answers[answers.length - 1].codes).toEqual([]);
    expect((await stack.query(query, { id: person.id })).errors).toBeUndefined();
  });

  it('nulls only the alias with a bad cursor: every other alias, of every subgraph, keeps its data', async () => {
    const lists = listedSubgraphs().map((s) => rootListOf(s.name).field);
    const good = `{ ${lists.map((f, i) => `good${i}: ${f}(first: 0) { totalCount }`).join(' ')} }`;
    const clean = await stack.query(good);
    expect(clean.errors).toBeUndefined();
    expect(clean.data.good0.totalCount).toBeGreaterThan(0);
    const mixed = await stack.query(`{ ${lists.map((f, i) => `good${i}: ${f}(first: 0) { totalCount } bad${i}: ${f}(first: 1, after: "not-a-cursor") { totalCount }`).join(' ')} }`);
    expect(mixed.status).toBe(200);
    expect(mixed.data).toEqual({ ...clean.data, ...Object.fromEntries(lists.map((_f, i) => [`bad${i}`, null])) });
    expect(mixed.errors!.map((e) => [e.path, e.extensions?.code, e.extensions?.reason]).sort()).toEqual(
      lists.map((_f, i) => [[`bad${i}`], 'BAD_USER_INPUT', 'BAD_CURSOR']).sort(),
    );
  });

  it('records education aid only for a person in the registry: NOT_IN_REGISTRY for anyone else, nothing while the registry is down', async () => {
    const m = `mutation($i: RecordEducationAidInput!) { recordEducationAid(input: $i) { id academicYear } }`;
    const input = {
      personId: person.id, schoolStage: 'PRIMARY', school: '阜安小学', aidType: 'BOARDING_FEE_WAIVER', academicYear: '2022-2023', amount: '500',
      approvedOn: '2022-10-10', townshipCode: person.townshipCode,
    };
    const aids = async () => (await stack.query(`query($id: ID!) { person(id: $id) { educationAids { id } } }`, { id: person.id })).data.person.educationAids.length;
    const before = await aids();
    const ghost = await stack.query(m, { i: { ...input, personId: '00000000-0000-4000-8000-00000000dead' } }, officer('EDUCATION'));
    expect(ghost.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_IN_REGISTRY', field: 'personId' });
    const real = await stack.query(m, { i: input }, officer('EDUCATION'));
    expect(real.errors).toBeUndefined();
    expect(real.data.recordEducationAid.academicYear).toBe('2022-2023');
    expect(await aids()).toBe(before + 1);
    await stack.stopSubgraph('civil-affairs');
    try {
      // the education subgraph answers REGISTRY_UNAVAILABLE, directly and through the gateway, and writes nothing
      const token = await stack.keys.token(officer('EDUCATION'));
      const down = await stack.querySubgraph('education', m, { i: { ...input, academicYear: '2021-2022', approvedOn: '2021-10-10' } }, { authorization: `Bearer ${token}` });
      expect(down.errors?.[0].extensions?.code).toBe('REGISTRY_UNAVAILABLE');
      const viaGateway = await stack.query(m, { i: { ...input, academicYear: '2021-2022', approvedOn: '2021-10-10' } }, officer('EDUCATION'));
      expect(viaGateway.data?.recordEducationAid ?? null).toBeNull();
      expect(viaGateway.errors?.[0].extensions?.code).toBe('REGISTRY_UNAVAILABLE');
    } finally {
      await stack.startSubgraph('civil-affairs');
    }
    expect(await aids()).toBe(before + 1);
  });

  it('keeps nothing but an error naming civil-affairs when the registry itself is down', async () => {
    await stack.stopSubgraph('civil-affairs');
    try {
      const r = await stack.query(`query($id: ID!) { person(id: $id) { id } }`, { id: person.id });
      expect(r.data?.person ?? null).toBeNull();
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'civil-affairs' });
    } finally {
      await stack.startSubgraph('civil-affairs');
    }
  });
});
