import crypto from 'node:crypto';
import { civilAffairs } from '../src/subgraph';
import { generatePopulation } from '@aidgraph/population';
import { rootOperations, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/** 公示 Civil affairs' share of a public notice: the masked name and household size on PublicNotice, and nothing else for the public site. */
const SEED = 'civil-affairs-public-notice';
const SIZE = 300;
const households = generatePopulation({ seed: SEED, size: SIZE }).households;
const PUBLIC = { role: 'public' as const };
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on PublicNotice { id maskedName householdSize } } }';

describe.each(testDatabaseKinds())('PublicNotice in civil affairs on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  const notice = (applicantId: string, startsOn: string) => ({ __typename: 'PublicNotice', id: crypto.randomUUID(), applicantId, startsOn });

  it('answers the masked name (surname kept, every given-name character *) and the household size on the notice day, to the public site through the gateway', async () => {
    const hh = households.find((x) => x.members.length >= 3 && x.members.every((m) => m.status === 'ACTIVE'))!;
    const p = hh.members[0];
    const r = await h.request(ENTITIES, { r: [notice(p.id, '2025-12-01')] }, PUBLIC);
    expect(r.errors).toBeUndefined();
    const chars = Array.from(p.name);
    expect(r.data._entities[0].maskedName).toBe(chars[0] + '*'.repeat(chars.length - 1));
    expect(r.data._entities[0].maskedName).not.toBe(p.name);
    expect(r.data._entities[0].householdSize).toBe(hh.members.length);
    // a compound surname keeps both characters (欧阳*)
    await h.db.query(`UPDATE person SET name = '欧阳娜' WHERE id = '${p.id}'`);
    const compound = await h.request(ENTITIES, { r: [notice(p.id, '2025-12-01')] }, PUBLIC);
    expect(compound.data._entities[0].maskedName).toBe('欧阳*');
    // an unknown applicant: null, not someone else
    const unknown = await h.request(ENTITIES, { r: [notice(crypto.randomUUID(), '2025-12-01')] }, PUBLIC);
    expect(unknown.data._entities[0]).toMatchObject({ maskedName: null, householdSize: null });
  });

  it('counts the household on the notice day: a member who died or moved later counts, one gone before does not', async () => {
    const hh = households.find((x) => x.members.some((m) => m.status !== 'ACTIVE' && m.statusDate) && x.members.some((m) => m.status === 'ACTIVE'))!;
    const gone = hh.members.find((m) => m.status !== 'ACTIVE' && m.statusDate)!;
    const applicant = hh.members.find((m) => m.status === 'ACTIVE')!;
    const day = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
    const active = (on: string) => hh.members.filter((m) => m.birthDate <= on && (m.status === 'ACTIVE' || (m.statusDate !== null && m.statusDate > on))).length;
    const before = day(gone.statusDate!, -1);
    const after = day(gone.statusDate!, 1);
    expect(active(before)).toBe(active(after) + 1); // the hand count differs by the member gone
    const r = await h.request(ENTITIES, { r: [notice(applicant.id, before), notice(applicant.id, gone.statusDate!), notice(applicant.id, after)] }, PUBLIC);
    expect(r.errors).toBeUndefined();
    expect(r.data._entities.map((e: { householdSize: number }) => e.householdSize)).toEqual([active(before), active(after), active(after)]);
  });

  it('refuses the public site _entities of Person and Household (and every type but PublicNotice), and _service', async () => {
    const p = households[0].members[0];
    for (const [t, id] of [['Person', p.id], ['Household', households[0].id], ['Enrolment', crypto.randomUUID()]]) {
      const r = await h.request('query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', { r: [{ __typename: t, id }] }, PUBLIC);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PUBLIC_SITE' });
      expect(r.data?._entities ?? null).toBeNull();
    }
    // one forbidden type among notices refuses the whole request
    const mixed = await h.request(ENTITIES, { r: [notice(p.id, '2025-12-01'), { __typename: 'Person', id: p.id }] }, PUBLIC);
    expect(mixed.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PUBLIC_SITE' });
    expect(JSON.stringify(mixed)).not.toContain(p.name);
    const service = await h.request('{ _service { sdl } }', {}, PUBLIC);
    expect(service.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PUBLIC_SITE' });
    // staff keep their _entities of Person (the gate is the public role's only)
    const staff = await h.request('query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id } } }', { r: [{ __typename: 'Person', id: p.id }] }, { role: 'auditor' });
    expect(staff.data._entities).toEqual([{ id: p.id }]);
  });

  it('answers every root query and mutation of civil affairs FORBIDDEN to the public site but its fund use', async () => {
    const hh = households[1];
    const { schema } = await civilAffairs.buildSchema();
    const ops = rootOperations(schema, { id: hh.members[0].id, villageCode: hh.villageCode, townshipCode: hh.townshipCode, date: '2025-12-31' });
    expect(ops.length).toBeGreaterThan(15);
    const answers: string[] = [];
    for (const op of ops) {
      const r = await h.request(op.query, op.variables, PUBLIC);
      const codes = [...new Set((r.errors ?? []).map((e) => e.extensions?.code))];
      answers.push(`${op.coordinate}: ${codes.join(',') || 'answered'}${r.data?.[op.field] != null ? ' with data' : ''}`);
      expect(JSON.stringify(r)).not.toContain(hh.members[0].name);
    }
    // but fund use (资金使用公示), asked with neither a month nor a year: a bad request, not a refusal
    expect(answers).toEqual(ops.map((op) => `${op.coordinate}: ${op.coordinate === 'Query.civilAffairsFundUse' ? 'BAD_USER_INPUT' : 'FORBIDDEN'}`));
    // nothing written: the person is as before
    const after = await h.request('query($id: ID!) { person(id: $id) { id version } }', { id: hh.members[0].id }, { role: 'auditor' });
    expect(after.data.person.version).toBe(1);
  });
});
