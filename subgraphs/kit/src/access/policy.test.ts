import { GraphQLList, GraphQLNonNull, GraphQLString } from 'graphql';
import { applyFieldRule, assertCanWrite, assertInScope, inScope, mayWriteSome, maskName, NO_TOWNSHIP, protectedField, rowScope, scopeQuery, scopeWhere, typeRule } from './policy';
import { outcomeFor } from './classification';
import type { Identity } from './identity';

const analyst: Identity = { subject: 'a', role: 'analyst' };
const auditor: Identity = { subject: 'b', role: 'auditor' };
const caseworker: Identity = { subject: 'c', role: 'caseworker', township: '370281001' };
const medical: Identity = { subject: 'd', role: 'department_officer', department: 'MEDICAL_SECURITY' };
const education: Identity = { subject: 'e', role: 'department_officer', department: 'EDUCATION' };
const approver: Identity = { subject: 'f', role: 'township_approver', township: '370281001' };
const assistant: Identity = { subject: 'g', role: 'village_assistant', township: '370281001', village: '370281001001' };
const centre: Identity = { subject: 'h', role: 'department_officer', department: 'SOCIAL_ASSISTANCE_CENTRE' };
const civilAffairs: Identity = { subject: 'i', role: 'department_officer', department: 'CIVIL_AFFAIRS' };

describe('the access policy', () => {
  it('gives analysts no identifier at all (null), not even a masked one', () => {
    expect(applyFieldRule({ identifier: 'name' }, analyst, '王小明')).toBeNull();
    expect(applyFieldRule('identifier.idNumber', analyst, '37028119870615123X')).toBeNull();
    expect(applyFieldRule({ identifier: 'birthDate' }, analyst, '1987-06-15')).toBeNull();
    expect(applyFieldRule({ identifier: 'phone' }, analyst, '13800000000')).toBeNull();
    expect(applyFieldRule({ identifier: 'address' }, analyst, '阜安街道1号')).toBeNull();
    expect(applyFieldRule('quasi.fine', analyst, '370281001001')).toBeNull();
    expect(applyFieldRule('quasi.date', analyst, '2024-03-01')).toBeNull();
    expect(applyFieldRule('quasi.coarse', analyst, 'FEMALE')).toBe('FEMALE');
    // masking helpers stay for other uses
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('李')).toBe('*');
  });

  it('classes income and what it is computed from alike: FORBIDDEN to other departments, null for analysts', () => {
    expect(applyFieldRule('income', caseworker, '300.00')).toBe('300.00');
    expect(applyFieldRule({ sensitiveOf: 'CIVIL_AFFAIRS' }, { subject: 'x', role: 'department_officer', department: 'CIVIL_AFFAIRS' }, '300.00')).toBe('300.00');
    expect(() => applyFieldRule('income', education, '300.00')).toThrow(/sensitive/);
    expect(() => applyFieldRule('income', { subject: 'j', role: 'department_officer', department: 'JUSTICE' }, '300.00')).toThrow(/sensitive/);
    expect(applyFieldRule('income', analyst, '300.00')).toBeNull();
    expect(applyFieldRule('income', auditor, '300.00')).toBe('300.00');
  });

  it('shows auditors and caseworkers everything; department officers only what their work needs', () => {
    expect(applyFieldRule({ identifier: 'idNumber' }, auditor, 'X')).toBe('X');
    expect(applyFieldRule({ identifier: 'phone' }, caseworker, '138')).toBe('138');
    expect(applyFieldRule({ identifier: 'idNumber' }, medical, '370281')).toBe('370281');
    expect(() => applyFieldRule({ identifier: 'phone' }, medical, '138')).toThrow(/department officers/);
    expect(applyFieldRule({ sensitiveOf: 'MEDICAL_SECURITY' }, medical, 'diagnosis')).toBe('diagnosis');
    expect(() => applyFieldRule({ sensitiveOf: 'MEDICAL_SECURITY' }, education, 'diagnosis')).toThrow(/sensitive/);
    expect(applyFieldRule({ sensitiveOf: 'MEDICAL_SECURITY' }, analyst, 'diagnosis')).toBe('diagnosis');
    expect(() => applyFieldRule({ auditorsOnly: true }, caseworker, 'x')).toThrow(/auditors/);
  });

  it('scopes caseworkers to their township', () => {
    expect(inScope(caseworker, '370281001')).toBe(true);
    expect(inScope(caseworker, '370281002')).toBe(false);
    expect(inScope(analyst, '370281002')).toBe(true);
    expect(scopeWhere(caseworker, { villageCode: false })).toEqual({ townshipCode: '370281001' });
    expect(scopeWhere(caseworker, { villageCode: true })).toEqual({ townshipCode: '370281001' });
    expect(scopeWhere(auditor, { villageCode: true })).toEqual({});
    expect(scopeWhere(analyst, { villageCode: false })).toEqual({});
    // fails closed: a scoped identity without its township lists nothing
    expect(scopeWhere({ ...caseworker, township: undefined }, { villageCode: false })).toEqual({ townshipCode: NO_TOWNSHIP });
  });

  it('lets only the owning department (and caseworkers for civil affairs in their township) write', () => {
    expect(() => assertCanWrite(medical, 'MEDICAL_SECURITY')).not.toThrow();
    expect(() => assertCanWrite(medical, 'EDUCATION')).toThrow();
    expect(() => assertCanWrite(caseworker, 'CIVIL_AFFAIRS', '370281001')).not.toThrow();
    expect(() => assertCanWrite(caseworker, 'CIVIL_AFFAIRS', '370281002')).toThrow();
    expect(() => assertCanWrite(caseworker, 'EDUCATION', '370281001')).toThrow();
    expect(() => assertCanWrite(auditor, 'CIVIL_AFFAIRS')).toThrow();
    expect(() => assertCanWrite(analyst, 'CIVIL_AFFAIRS')).toThrow();
  });
});

describe('the township approver and the village assistant', () => {
  it('judges a row by its village where its type has one, and a row of a type without a village only by its township', () => {
    // an application (carries its village): another village of the township is out of scope
    expect(rowScope(assistant, { townshipCode: '370281001', villageCode: '370281001002' })).toEqual({ inScope: false });
    expect(rowScope(assistant, { townshipCode: '370281001', villageCode: '370281001001' })).toEqual({ inScope: true });
    expect(rowScope(assistant, { townshipCode: '370281001', villageCode: null })).toEqual({ inScope: false });
    // an enrolment (no village: reached through a person of the village): its township says nothing more, another is out
    expect(rowScope(assistant, { townshipCode: '370281001' })).toEqual({});
    expect(rowScope(assistant, { townshipCode: '370281002' })).toEqual({ inScope: false });
    // the class still decides: an enrolment's start date (quasi.date) is a value, another department's record is not
    expect(applyFieldRule('quasi.date', assistant, '2024-03-01', rowScope(assistant, { townshipCode: '370281001' }))).toBe('2024-03-01');
    expect(applyFieldRule({ class: 'department.record', owner: 'EDUCATION' }, assistant, 'x', rowScope(assistant, { townshipCode: '370281001' }))).toBeNull();
    // the other scoped roles as before
    const cw: Identity = { subject: 'c', role: 'caseworker', township: '370281001' };
    expect([rowScope(cw, { townshipCode: '370281001' }), rowScope(cw, { townshipCode: '370281002' })]).toEqual([{ inScope: true }, { inScope: false }]);
  });

  it('scopes a township approver exactly as a caseworker of its township', () => {
    for (const [t, v] of [['370281001', undefined], ['370281001', '370281001001'], ['370281002', '370281002001'], [null, null]] as const)
      expect({ t, v, approver: inScope(approver, t, v) }).toEqual({ t, v, approver: inScope(caseworker, t, v) });
    expect(scopeWhere(approver, { villageCode: false })).toEqual(scopeWhere(caseworker, { villageCode: false }));
    expect(scopeWhere(approver, { villageCode: true })).toEqual(scopeWhere(caseworker, { villageCode: true }));
    expect(() => assertInScope(approver, '370281002')).toThrow(/township outside your scope/);
  });

  it('reads as a caseworker of its township: the same outcome for every class, in scope and out', () => {
    for (const cls of ['identifier.name', 'income', 'quasi.programme', 'health.medical', 'health.enrolment', 'legal.aid', 'department.record', 'application', 'auditLog'] as const) {
      for (const opts of [{}, { inScope: false }, { owner: 'JUSTICE' }, { owner: 'SOCIAL_ASSISTANCE_CENTRE', inScope: false }])
        expect({ cls, opts, o: outcomeFor(approver, cls, opts) }).toEqual({ cls, opts, o: outcomeFor(caseworker, cls, opts) });
    }
    expect(applyFieldRule('income', approver, '300.00')).toBe('300.00');
    expect(() => applyFieldRule('income', approver, '300.00', { inScope: false })).toThrow(/sensitive/);
  });

  it('puts only records carrying its village in a village assistant\'s scope', () => {
    expect(inScope(assistant, '370281001', '370281001001')).toBe(true);
    expect(inScope(assistant, '370281001', '370281001002')).toBe(false);
    // a record with a township only (a department's record, or a caller that did not pass the village): out of scope
    expect(inScope(assistant, '370281001')).toBe(false);
    expect(inScope(assistant, '370281001', null)).toBe(false);
    expect(inScope(assistant, '370281002', '370281001001')).toBe(false);
    expect(inScope(assistant, null, '370281001001')).toBe(false);
    expect(() => assertInScope(assistant, '370281001', '370281001001')).not.toThrow();
    expect(() => assertInScope(assistant, '370281001')).toThrow(/outside your village/);
    // an assistant whose token lacks the village (never minted: the claims refuse it) has no scope at all
    expect(inScope({ ...assistant, village: undefined }, '370281001', '370281001001')).toBe(false);
  });

  it('lists a village assistant its village on an entity with a villageCode, and nothing on one without', () => {
    expect(scopeWhere(assistant, { villageCode: true })).toEqual({ townshipCode: '370281001', villageCode: '370281001001' });
    // the list of an entity without a village: a township no record has, so that a caller applying only the township lists nothing
    expect(scopeWhere(assistant, { villageCode: false })).toEqual({ townshipCode: NO_TOWNSHIP });
    expect(NO_TOWNSHIP).not.toMatch(/^\d{9}$/);
    const calls: [string, Record<string, unknown> | undefined][] = [];
    const qb = { andWhere: (w: string, p?: Record<string, unknown>) => void calls.push([w, p]) };
    scopeQuery(qb, 'a', assistant, { villageCode: true });
    expect(calls).toEqual([
      ['a.townshipCode = :scopeTownshipCode', { scopeTownshipCode: '370281001' }],
      ['a.villageCode = :scopeVillageCode', { scopeVillageCode: '370281001001' }],
    ]);
    calls.length = 0;
    scopeQuery(qb, 'r', assistant, { villageCode: false });
    expect(calls).toEqual([['r.townshipCode = :scopeTownshipCode', { scopeTownshipCode: NO_TOWNSHIP }]]);
    calls.length = 0;
    scopeQuery(qb, 'r', caseworker, { villageCode: true });
    expect(calls).toEqual([['r.townshipCode = :scopeTownshipCode', { scopeTownshipCode: '370281001' }]]);
    calls.length = 0;
    scopeQuery(qb, 'r', auditor, { villageCode: true });
    expect(calls).toEqual([]);
  });

  it('shows a village assistant identifiers, demographics and applications of its village, and no file', () => {
    for (const cls of ['identifier.name', 'identifier.idNumber', 'identifier.birthDate', 'identifier.phone', 'identifier.address', 'quasi.fine', 'quasi.coarse', 'quasi.date', 'quasi.programme', 'public', 'programme.record'] as const)
      expect({ cls, o: outcomeFor(assistant, cls) }).toEqual({ cls, o: 'value' });
    expect(outcomeFor(assistant, 'application', { owner: 'SOCIAL_ASSISTANCE_CENTRE' })).toBe('value');
    expect(outcomeFor(assistant, 'income')).toBe('FORBIDDEN');
    expect(outcomeFor(assistant, 'auditLog')).toBe('FORBIDDEN');
    for (const cls of ['health.medical', 'health.disability', 'health.charity', 'legal.aid'] as const) expect({ cls, o: outcomeFor(assistant, cls) }).toEqual({ cls, o: 'omitted' });
    expect(outcomeFor(assistant, 'department.record', { owner: 'JUSTICE' })).toBe('omitted');
    // health through civil-affairs data: collapsed and left out as for other departments' officers
    expect(outcomeFor(assistant, 'health.enrolment')).toBe('collapsed');
    expect(outcomeFor(assistant, 'health.coveredGroup')).toBe('omitted');
    // programme data of another department, even in its village: as a caseworker of another township
    expect(outcomeFor(assistant, 'quasi.programme', { owner: 'DISASTER_RELIEF' })).toBe(outcomeFor(caseworker, 'quasi.programme', { inScope: false }));
    // outside its village: as a caseworker of another township
    expect(outcomeFor(assistant, 'identifier.name', { inScope: false })).toBe('FORBIDDEN');
    expect(outcomeFor(assistant, 'application', { owner: 'SOCIAL_ASSISTANCE_CENTRE', inScope: false })).toBe('FORBIDDEN');
    expect(applyFieldRule({ identifier: 'phone' }, assistant, '138')).toBe('138');
    expect(() => applyFieldRule('income', assistant, '300.00')).toThrow(/sensitive data of CIVIL_AFFAIRS/);
    expect(applyFieldRule('health.medical', assistant, 'diagnosis')).toBeNull();
  });

  it('applies a record type\'s rule with the record\'s township and village (typeRule)', async () => {
    const declared = { class: 'application' as const, owner: 'SOCIAL_ASSISTANCE_CENTRE' };
    const run = (identity: Identity, root: object) =>
      typeRule(declared)({ context: { identity } as never, info: { parentType: { name: 'Visit' }, fieldName: 'findings' } as never, root, args: {} }, async () => 'no income');
    await expect(run(assistant, { townshipCode: '370281001', villageCode: '370281001001' })).resolves.toBe('no income');
    await expect(run(assistant, { townshipCode: '370281001', villageCode: '370281001009' })).rejects.toThrow(/sensitive/);
    // a row of a type without a village is reached through the assistant's village (a list of it is empty for the
    // assistant, a lookup refuses it): its own township says nothing more, another township is out of scope
    await expect(run(assistant, { townshipCode: '370281001' })).resolves.toBe('no income');
    await expect(run(assistant, { townshipCode: '370281002' })).rejects.toThrow(/sensitive/);
    await expect(run(approver, { townshipCode: '370281001' })).resolves.toBe('no income');
    await expect(run(approver, { townshipCode: '370281002' })).rejects.toThrow(/sensitive/);
    await expect(run(education, { townshipCode: '370281001' })).rejects.toThrow(/sensitive data of SOCIAL_ASSISTANCE_CENTRE/);
    await expect(run(civilAffairs, { townshipCode: '370281001' })).resolves.toBe('no income');
    await expect(run(analyst, { townshipCode: '370281001' })).rejects.toThrow(/may not see/);
  });

  it('applies a field-level rule with the row\'s township and village, as typeRule does (protectedField)', async () => {
    const noteRead = jest.fn();
    const run = (identity: Identity, root: object, value: unknown = '确诊HIV', returnType: unknown = GraphQLString) =>
      protectedField({ sensitiveOf: 'MEDICAL_SECURITY' })(
        { context: { identity, audit: { noteRead } } as never, info: { parentType: { name: 'MedicalClaim' }, fieldName: 'diagnosis', returnType } as never, root, args: {} },
        async () => value,
      );
    // a caseworker of the claim's township sees it; of another township (an application's, reaching the claim through a referral) not
    await expect(run(caseworker, { townshipCode: '370281001' })).resolves.toBe('确诊HIV');
    await expect(run(caseworker, { townshipCode: '370281008' })).resolves.toBeNull();
    await expect(run(approver, { townshipCode: '370281008' })).resolves.toBeNull();
    // a department's record carries no village: never in a village assistant's scope
    await expect(run(assistant, { townshipCode: '370281001' })).resolves.toBeNull();
    // officers and auditors see every township's; a root with no township (a Person stub) was reached through the caller's scope
    await expect(run(medical, { townshipCode: '370281008' })).resolves.toBe('确诊HIV');
    await expect(run(auditor, { townshipCode: '370281008' })).resolves.toBe('确诊HIV');
    await expect(run(caseworker, { id: 'p' })).resolves.toBe('确诊HIV');
    await expect(run(education, { townshipCode: '370281001' })).rejects.toThrow(/sensitive data of MEDICAL_SECURITY/);
    // a withheld non-null list is empty, not null (null there is an internal error that loses the parent); a nullable one is null
    const list = new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLString)));
    await expect(run(caseworker, { townshipCode: '370281008' }, ['a'], list)).resolves.toEqual([]);
    await expect(run(caseworker, { townshipCode: '370281008' }, ['a'], new GraphQLList(GraphQLString))).resolves.toBeNull();
    await expect(run(caseworker, { townshipCode: '370281001' }, ['a'], list)).resolves.toEqual(['a']);
  });

  it('lets a village assistant write the registry and applications of its village, and nothing else', () => {
    const here = { villageCode: '370281001001' };
    expect(() => assertCanWrite(assistant, 'CIVIL_AFFAIRS', '370281001', { ...here, kind: 'registry' })).not.toThrow();
    expect(() => assertCanWrite(assistant, 'SOCIAL_ASSISTANCE_CENTRE', '370281001', { ...here, kind: 'application' })).not.toThrow();
    // no enrolment (a decision), no other kind, no other village, not without the village, no other department
    expect(() => assertCanWrite(assistant, 'CIVIL_AFFAIRS', '370281001', here)).toThrow(/may not change CIVIL_AFFAIRS records/);
    expect(() => assertCanWrite(assistant, 'CIVIL_AFFAIRS', '370281001', { ...here, kind: 'application' })).toThrow();
    expect(() => assertCanWrite(assistant, 'SOCIAL_ASSISTANCE_CENTRE', '370281001', { ...here, kind: 'registry' })).toThrow();
    expect(() => assertCanWrite(assistant, 'CIVIL_AFFAIRS', '370281001', { villageCode: '370281001002', kind: 'registry' })).toThrow();
    expect(() => assertCanWrite(assistant, 'CIVIL_AFFAIRS', '370281001', { kind: 'registry' })).toThrow();
    expect(() => assertCanWrite(assistant, 'CIVIL_AFFAIRS', undefined, { ...here, kind: 'registry' })).toThrow();
    expect(() => assertCanWrite(assistant, 'EDUCATION', '370281001', { ...here, kind: 'application' })).toThrow();
    expect(mayWriteSome(assistant, 'CIVIL_AFFAIRS', 'registry')).toBe(true);
    expect(mayWriteSome(assistant, 'CIVIL_AFFAIRS')).toBe(false);
  });

  it('lets a township approver write only its township\'s applications, nothing in a department\'s subgraph', () => {
    expect(() => assertCanWrite(approver, 'SOCIAL_ASSISTANCE_CENTRE', '370281001', { kind: 'application' })).not.toThrow();
    expect(() => assertCanWrite(approver, 'SOCIAL_ASSISTANCE_CENTRE', '370281002', { kind: 'application' })).toThrow();
    expect(() => assertCanWrite(approver, 'SOCIAL_ASSISTANCE_CENTRE', '370281001')).toThrow();
    for (const kind of ['record', 'registry', 'application'] as const)
      for (const d of ['CIVIL_AFFAIRS', 'EDUCATION', 'MEDICAL_SECURITY'])
        expect(() => assertCanWrite(approver, d, '370281001', { kind })).toThrow(/may not change/);
    expect(mayWriteSome(approver, 'CIVIL_AFFAIRS')).toBe(false);
    expect(mayWriteSome(approver, 'SOCIAL_ASSISTANCE_CENTRE', 'application')).toBe(true);
  });

  it('keeps the other roles\' writes, and lets caseworkers and the centre\'s officers write applications', () => {
    expect(() => assertCanWrite(caseworker, 'CIVIL_AFFAIRS', '370281001', { kind: 'registry', villageCode: '370281001009' })).not.toThrow();
    expect(() => assertCanWrite(caseworker, 'SOCIAL_ASSISTANCE_CENTRE', '370281001', { kind: 'application' })).not.toThrow();
    expect(() => assertCanWrite(caseworker, 'SOCIAL_ASSISTANCE_CENTRE', '370281002', { kind: 'application' })).toThrow();
    expect(() => assertCanWrite(centre, 'SOCIAL_ASSISTANCE_CENTRE', '370281002', { kind: 'application' })).not.toThrow();
    expect(() => assertCanWrite(civilAffairs, 'SOCIAL_ASSISTANCE_CENTRE', '370281002', { kind: 'application' })).toThrow();
    expect(mayWriteSome(caseworker, 'CIVIL_AFFAIRS')).toBe(true);
    expect(mayWriteSome(auditor, 'CIVIL_AFFAIRS')).toBe(false);
    expect(mayWriteSome(analyst, 'SOCIAL_ASSISTANCE_CENTRE', 'application')).toBe(false);
  });
});
