import {
  NO_CIRCUMSTANCES, NO_HEALTH, assetCheck, healthFromGraph, monthsBefore, withDeclared, countedMembers, dibaoTest, incapacity, marginalTest, perCapitaIncome, singlePersonTest, tekunTest, toYuan, fen,
  verify, type RuleItem, type RuleMember, type RuleStandards,
} from './verification.rules';

/** Hand-computed cases of every rule (issue 9 acceptance): standard 1150.00, marginal factor 1.5 (limit 1725.00). */
const S: RuleStandards = {
  standard: '1150.00', marginalFactor: '1.5', depositMonthsPerPerson: '24', vehicleExemptMonths: '24', maxVehicles: 0, maxRealEstate: 1, maxBusinessRegistrations: 0,
};
const ON = '2026-06-15';

const member = (personId: string, relation: RuleMember['relation'], birthDate: string, c: Partial<RuleMember['circumstances']> = {}, health = NO_HEALTH): RuleMember => ({
  personId, relation, birthDate, status: 'ACTIVE', statusDate: null, circumstances: { ...NO_CIRCUMSTANCES, recordId: Object.keys(c).length ? `c-${personId}` : null, ...c }, health,
});
let seq = 0;
const item = (personId: string, source: RuleItem['source'], amount: string, periodFrom = '2026-05', periodTo = periodFrom, origin: RuleItem['origin'] = 'PARTNER_SOURCE', obtainedOn = '2026-06-01'): RuleItem => ({
  id: `i${String(++seq).padStart(3, '0')}`, personId, source, origin, amount, periodFrom, periodTo, obtainedOn,
});
/**
 * An income of `perMonth` a month over the whole verification window of ON (2025-07..2026-06, 12 months): one item of
 * 12 x perMonth, so the window's monthly income is exactly perMonth (12 x perMonth x 12/12 / 12).
 */
const monthly = (personId: string, source: RuleItem['source'], perMonth: string): RuleItem => {
  const [y, f = ''] = perMonth.split('.');
  const fen12 = (BigInt(y) * 100n + BigInt(f.padEnd(2, '0'))) * 12n;
  return item(personId, source, `${fen12 / 100n}.${String(fen12 % 100n).padStart(2, '0')}`, '2025-07', '2026-06');
};
const wages = (personId: string, perMonth: string) => monthly(personId, 'WAGES', perMonth);

describe('exact fen arithmetic', () => {
  it('rounds half-up to the fen only when shown', () => {
    expect(toYuan(fen(100000n, 3n))).toBe('333.33');
    expect(toYuan(fen(200000n, 3n))).toBe('666.67');
    expect(toYuan(fen(1n, 2n))).toBe('0.01'); // half a fen rounds up
    expect(toYuan(fen(1n, 3n))).toBe('0.00');
  });
});

describe('counted members (最低生活保障审核确认办法 art. 8-9)', () => {
  it('counts head, spouse, minor children, adult students and dependants, co-resident parents; excludes clergy 3+ years, prisoners, rehabilitation, missing, dead', () => {
    const members = [
      member('head', 'HEAD', '1970-01-01'),
      member('spouse', 'SPOUSE', '1972-01-01'),
      member('minor', 'CHILD', '2010-01-01'),
      member('student', 'CHILD', '2004-01-01', { fullTimeStudent: true, livesApart: true }),
      member('dependent', 'CHILD', '2000-01-01', { cannotLiveIndependently: true }),
      member('adultHome', 'CHILD', '1998-01-01'),
      member('adultAway', 'CHILD', '1996-01-01', { livesApart: true }),
      member('parent', 'PARENT', '1945-01-01'),
      member('clergy', 'OTHER', '1980-01-01', { clergyAwaySince: '2023-06-15' }), // exactly 3 years on 2026-06-15
      member('clergyNew', 'OTHER', '1981-01-01', { clergyAwaySince: '2023-06-16' }), // one day short of 3 years
      member('prisoner', 'CHILD', '1995-01-01', { confinement: 'PRISON' }),
      member('rehab', 'SPOUSE', '1990-01-01', { confinement: 'COMPULSORY_REHABILITATION' }),
      member('missing', 'OTHER', '1985-01-01', { declaredMissing: true }),
      { ...member('dead', 'PARENT', '1940-01-01'), status: 'DECEASED' as const, statusDate: '2026-01-01' },
      { ...member('diesLater', 'PARENT', '1941-01-01'), status: 'DECEASED' as const, statusDate: '2026-07-01' },
    ];
    const c = countedMembers(members, ON);
    expect(Object.fromEntries(c.counted.map((x) => [x.personId, x.rule]))).toEqual({
      head: 'MEMBER.HEAD', spouse: 'MEMBER.SPOUSE', minor: 'MEMBER.MINOR_CHILD', student: 'MEMBER.FULL_TIME_STUDENT', dependent: 'MEMBER.ADULT_CHILD_DEPENDENT',
      adultHome: 'MEMBER.CO_RESIDENT_SUPPORT_DUTY', parent: 'MEMBER.CO_RESIDENT_SUPPORT_DUTY', clergyNew: 'MEMBER.CO_RESIDENT_SUPPORT_DUTY',
      diesLater: 'MEMBER.CO_RESIDENT_SUPPORT_DUTY',
    });
    expect(Object.fromEntries(c.excluded.map((x) => [x.personId, x.rule]))).toEqual({
      adultAway: 'EXCLUDED.LIVES_APART', clergy: 'EXCLUDED.CLERGY_AWAY_3_YEARS', prisoner: 'EXCLUDED.PRISON', rehab: 'EXCLUDED.COMPULSORY_REHABILITATION',
      missing: 'EXCLUDED.DECLARED_MISSING', dead: 'EXCLUDED.NOT_ACTIVE',
    });
    expect(c.explanation).toMatchObject({ rule: 'COUNTED_MEMBERS', met: true });
    expect(c.explanation.figures).toContainEqual({ name: 'counted', value: '9' });
    expect(c.explanation.recordIds).toContain('c-clergy');
  });

  it('a person born after the date is not yet a member on it: not counted, no share of the amount', () => {
    // a verification of 2026-06-15 for a household whose child was born 2026-06-16: 2 counted, not 3
    const members = [member('h', 'HEAD', '1980-01-01'), member('s', 'SPOUSE', '1982-01-01'), member('baby', 'CHILD', '2026-06-16')];
    const c = countedMembers(members, ON);
    expect(c.counted.map((x) => x.personId)).toEqual(['h', 's']);
    expect(c.excluded).toEqual([{ personId: 'baby', rule: 'EXCLUDED.NOT_YET_BORN' }]);
    // no income: (1150.00 - 0) x 2 = 2300.00, not x 3 = 3450.00
    expect(verify(members, [], ON, S)).toMatchObject({ outcome: 'DIBAO', countedMembers: 2, dibaoAmount: '2300.00' });
    // born on the date: counted
    expect(countedMembers([member('h', 'HEAD', '1980-01-01'), member('k', 'CHILD', ON)], ON).counted).toHaveLength(2);
  });

  it('a minor child turning 18 on the date is an adult child', () => {
    const c = countedMembers([member('h', 'HEAD', '1980-01-01'), member('k', 'CHILD', '2008-06-15', { livesApart: true })], ON);
    expect(c.excluded).toEqual([{ personId: 'k', rule: 'EXCLUDED.LIVES_APART' }]);
    const d = countedMembers([member('h', 'HEAD', '1980-01-01'), member('k', 'CHILD', '2008-06-16', { livesApart: true })], ON);
    expect(d.counted.map((x) => x.rule)).toEqual(['MEMBER.HEAD', 'MEMBER.MINOR_CHILD']);
  });
});

describe('per-capita monthly income', () => {
  it('leaves the income of excluded members out and divides by the counted members', () => {
    const members = [member('h', 'HEAD', '1970-01-01'), member('s', 'SPOUSE', '1972-01-01'), member('k', 'CHILD', '2012-01-01'), member('p', 'CHILD', '1995-01-01', { confinement: 'PRISON' })];
    const items = [wages('h', '1500.00'), monthly('s', 'PENSION', '600.00'), wages('p', '5000.00')];
    const c = countedMembers(members, ON);
    const inc = perCapitaIncome(items, c.counted.map((x) => x.personId), ON);
    // (1500 + 600) / 3 = 700.00; the prisoner's 5000 is not counted
    expect(toYuan(inc.total)).toBe('2100.00');
    expect(toYuan(inc.perCapita!)).toBe('700.00');
    expect(inc.explanation.recordIds).toEqual([items[0].id, items[1].id]);
  });

  it('averages over the 12-month window: each item counts amount x months inside the window / months of its period, the sum / 12', () => {
    // window of 2026-06-15: 2025-07..2026-06. agricultural 10000.00 over 2025-07..2026-06: 10000.00 x 12/12 = 10000.00;
    // wages 1000.00 over 2026-03..2026-05: 1000.00 x 3/3 = 1000.00. Income in the window 11000.00; / 12 = 916.666... a month
    const items = [item('h', 'AGRICULTURAL', '10000.00', '2025-07', '2026-06'), item('h', 'WAGES', '1000.00', '2026-03', '2026-05')];
    const inc = perCapitaIncome(items, ['h'], ON);
    expect(inc.total).toEqual(fen(275000n, 3n)); // 1100000 fen / 12 = 91666.66... fen
    expect(toYuan(inc.perCapita!)).toBe('916.67');
    expect(inc.explanation.figures).toContainEqual({ name: 'income in the window', value: '11000.00' });
    expect(inc.explanation.figures).toContainEqual({ name: 'window', value: '2025-07..2026-06 (12 months)' });
  });

  it('consecutive items are averaged, not added: 1000.00 for Q1 and 1000.00 for Q2 are 2000.00 over the window', () => {
    // on 2026-06-15: wages 1000.00 over 2026-01..03 and 1000.00 over 2026-04..06 -> 2000.00 in the window; / 12 = 166.666...
    // (the old rule added the two monthly rates: 333.33 + 333.33 = 666.67)
    const q = perCapitaIncome([item('h', 'WAGES', '1000.00', '2026-01', '2026-03'), item('h', 'WAGES', '1000.00', '2026-04', '2026-06')], ['h'], ON);
    expect(toYuan(q.perCapita!)).toBe('166.67');
    // twelve monthly payslips of 1000.00 are 12000.00 over the window: 1000.00 a month, not 12000.00
    const slips = Array.from({ length: 12 }, (_, k) => {
      const m = 7 + k; // 2025-07 .. 2026-06
      const ym = m > 12 ? `2026-${String(m - 12).padStart(2, '0')}` : `2025-${String(m).padStart(2, '0')}`;
      return item('h', 'WAGES', '1000.00', ym, ym);
    });
    expect(toYuan(perCapitaIncome(slips, ['h'], ON).perCapita!)).toBe('1000.00');
  });

  it('the end-to-end case (tests/e2e/verification.test.ts): figures and explanation as the e2e test expects them', () => {
    // wages 64000.00 over 2025-06..2026-05 (11 of 12 months inside 2025-07..2026-06), pension 2000.00 in 2026-05; 4 counted
    const wagesItem = item('h', 'WAGES', '64000.00', '2025-06', '2026-05');
    const inc = perCapitaIncome([wagesItem, item('m', 'PENSION', '2000.00')], ['h', 's', 'k', 'm'], ON);
    const fig = (name: string) => inc.explanation.figures.find((f) => f.name === name)?.value;
    expect(fig('income in the window')).toBe('60666.67 (exactly 18200000/3 fen)');
    expect(fig('total monthly income')).toBe('5055.56 (exactly 4550000/9 fen) (income in the window / 12)');
    expect(fig('per-capita monthly income')).toBe('1263.89 (exactly 1137500/9 fen)');
    expect(fig(`item ${wagesItem.id}`)).toBe('WAGES PARTNER_SOURCE 64000.00 over 2025-06..2026-05 (12 months), 11 counted in the window: 64000.00 x 11 / 12 = 58666.67 (exactly 17600000/3 fen)');
    const d = dibaoTest(inc, 4, assetCheck([], ['h'], ON, S), S);
    expect(d.explanation.summary).toBe('per-capita income 1263.89 (exactly 1137500/9 fen) is not below the standard 1150.00');
    expect(marginalTest(d, inc, assetCheck([], ['h'], ON, S), S).explanation.summary).toBe('per-capita income 1263.89 (exactly 1137500/9 fen) is below 1.5 x 1150.00 = 1725.00 and assets are within the limits');
  });

  it('an item partly outside the window counts for its months inside it only', () => {
    // pension 2400.00 over 2025-01..2025-12 (12 months): 6 months (2025-07..12) inside -> 2400.00 x 6/12 = 1200.00; / 12 = 100.00
    const inc = perCapitaIncome([item('h', 'PENSION', '2400.00', '2025-01', '2025-12', 'PARTNER_SOURCE', '2026-01-05')], ['h'], ON);
    expect(toYuan(inc.total)).toBe('100.00');
    expect(inc.explanation.figures.find((f) => f.name.startsWith('item '))!.value).toContain('2400.00 x 6 / 12 = 1200.00');
  });

  it('overlapping items of one member and source do not add up: for each month the item obtained last counts', () => {
    // wages 3000.00 over 2026-01..03 (obtained 2026-04-01), then a corrected 3600.00 over 2026-02..04 (obtained 2026-05-01):
    // 2026-01 from the first (1000.00), 2026-02..04 from the second (3 x 1200.00 = 3600.00); window income 4600.00 / 12 = 383.333...
    const first = item('h', 'WAGES', '3000.00', '2026-01', '2026-03', 'PARTNER_SOURCE', '2026-04-01');
    const second = item('h', 'WAGES', '3600.00', '2026-02', '2026-04', 'PARTNER_SOURCE', '2026-05-01');
    const inc = perCapitaIncome([first, second], ['h'], ON);
    expect(toYuan(inc.total)).toBe('383.33');
    expect(inc.explanation.figures).toContainEqual({ name: 'income in the window', value: '4600.00' });
    expect(inc.explanation.figures.find((f) => f.name === `item ${first.id}`)!.value).toContain('(2 displaced by a later-obtained item of the same member and source)');
    // another source of the same member is not displaced: 3000.00 + 3600.00 + pension 1200.00 over 2026-01..03
    expect(toYuan(perCapitaIncome([first, second, item('h', 'PENSION', '1200.00', '2026-01', '2026-03')], ['h'], ON).total)).toBe('483.33');
  });

  it('a partner source prevails over the declared item of the same member and source; items outside the 12 months or obtained later do not count', () => {
    const items = [
      item('h', 'WAGES', '800.00', '2026-05', '2026-05', 'DECLARED'),
      item('h', 'WAGES', '1200.00', '2026-05', '2026-05', 'PARTNER_SOURCE'),
      item('h', 'PENSION', '300.00', '2026-05', '2026-05', 'DECLARED'),
      item('h', 'PENSION', '999.00', '2025-01', '2025-06'), // ended before 2025-07: outside the window
      item('h', 'WAGES', '999.00', '2026-05', '2026-05', 'PARTNER_SOURCE', '2026-06-16'), // obtained after the date
    ];
    const inc = perCapitaIncome(items, ['h'], ON);
    // 1200.00 + 300.00 in the window (one month each) = 1500.00; / 12 = 125.00 a month
    expect(toYuan(inc.total)).toBe('125.00');
    expect(inc.explanation.recordIds).toEqual([items[1].id, items[2].id]);
  });
});

describe('assets against the limits', () => {
  const ids = ['h', 's'];
  it('deposits at most 24 x standard x counted members (exactly at it is within)', () => {
    expect(assetCheck([item('h', 'DEPOSIT', '55200.00')], ids, ON, S).within).toBe(true); // 24 x 1150 x 2 = 55200.00
    expect(assetCheck([item('h', 'DEPOSIT', '55200.01')], ids, ON, S).within).toBe(false);
    expect(assetCheck([item('h', 'DEPOSIT', '30000.00'), item('s', 'DEPOSIT', '25200.01')], ids, ON, S).within).toBe(false);
  });
  it('vehicles above 24 x standard, a second dwelling, a business registration are beyond the limits', () => {
    expect(assetCheck([item('h', 'VEHICLE', '27600.00')], ids, ON, S).within).toBe(true); // exactly the exempt value
    const car = assetCheck([item('h', 'VEHICLE', '27600.01')], ids, ON, S);
    expect(car.within).toBe(false);
    expect(car.explanation.summary).toBe('assets beyond the limits: vehicles');
    expect(assetCheck([item('h', 'REAL_ESTATE', '300000.00')], ids, ON, S).within).toBe(true);
    expect(assetCheck([item('h', 'REAL_ESTATE', '300000.00'), item('s', 'REAL_ESTATE', '100000.00')], ids, ON, S).within).toBe(false);
    expect(assetCheck([item('s', 'BUSINESS_REGISTRATION', '0.00')], ids, ON, S).within).toBe(false);
    // an excluded member's assets are not the household's
    expect(assetCheck([item('x', 'BUSINESS_REGISTRATION', '0.00')], ids, ON, S).within).toBe(true);
  });
});

describe('dibao and marginal', () => {
  const three = [member('h', 'HEAD', '1970-01-01'), member('s', 'SPOUSE', '1972-01-01'), member('k', 'CHILD', '2012-01-01')];
  const run = (items: RuleItem[], members = three) => verify(members, items, ON, S);

  it('dibao amount = (standard - per-capita income) x counted members', () => {
    // total 1500.00 / 3 = 500.00; (1150 - 500) x 3 = 1950.00
    const v = run([wages('h', '1500.00')]);
    expect(v).toMatchObject({ outcome: 'DIBAO', countedMembers: 3, perCapitaIncome: '500.00', dibaoAmount: '1950.00', assetsWithinLimits: true });
    const step = v.steps.find((s) => s.rule === 'DIBAO')!;
    expect(step.met).toBe(true);
    expect(step.summary).toContain('= 1950.00 a month');
  });

  it('the amount is exact when the per-capita income is not a whole fen: 1000.00 / 3', () => {
    // per-capita 333.333...; (1150 - 333.333...) x 3 = 3450 - 1000 = 2450.00 exactly (not 816.67 x 3 = 2450.01)
    const v = run([wages('h', '1000.00')]);
    expect(v).toMatchObject({ outcome: 'DIBAO', perCapitaIncome: '333.33', dibaoAmount: '2450.00' });
  });

  it('the amount excludes the excluded members: a prisoner neither counts nor brings income', () => {
    const v = run([wages('h', '900.00'), wages('p', '3000.00')], [...three, member('p', 'CHILD', '1995-01-01', { confinement: 'PRISON' })]);
    // 900 / 3 = 300; (1150 - 300) x 3 = 2550.00
    expect(v).toMatchObject({ outcome: 'DIBAO', countedMembers: 3, perCapitaIncome: '300.00', dibaoAmount: '2550.00' });
  });

  it('exactly at the standard is not below it: marginal, not dibao', () => {
    const v = run([wages('h', '3450.00')]); // 3450 / 3 = 1150.00
    expect(v).toMatchObject({ outcome: 'MARGINAL', perCapitaIncome: '1150.00', dibaoAmount: null });
    const just = run([wages('h', '3449.99')]); // 1149.996... < 1150
    expect(just).toMatchObject({ outcome: 'DIBAO', perCapitaIncome: '1150.00', dibaoAmount: '0.01' });
  });

  it('an amount that rounds to 0.00 is not dibao (marginal), decided on the exact figure, and the explanation says so', () => {
    // one member, 13799.99 over the window: 1149.999166... a month, shown 1150.00; (1150 - 1149.999166...) x 1 = 0.000833... -> 0.00
    const one = [member('h', 'HEAD', '1970-01-01')];
    const v = verify(one, [item('h', 'WAGES', '13799.99', '2025-07', '2026-06')], ON, S);
    expect(v).toMatchObject({ outcome: 'MARGINAL', perCapitaIncome: '1150.00', dibaoAmount: null });
    const step = v.steps.find((x) => x.rule === 'DIBAO')!;
    expect(step.met).toBe(false);
    expect(step.summary).toBe('per-capita income 1150.00 (exactly 1379999/12 fen) is below the standard 1150.00 but (1150.00 - per-capita income) x 1 = 0.00 (exactly 1/12 fen) rounds to 0.00: nothing to pay');
    expect(step.summary).not.toMatch(/1150\.00 is below the standard 1150\.00/);
    expect(v.steps.find((x) => x.rule === 'MARGINAL')!.summary).toContain('per-capita income 1150.00 (exactly 1379999/12 fen) is below 1.5 x 1150.00');
    // half a fen rounds up to 0.01: that still pays (one member, 13799.94 / 12 = 1149.995; 1150 - 1149.995 = 0.005 -> 0.01)
    expect(verify(one, [item('h', 'WAGES', '13799.94', '2025-07', '2026-06')], ON, S)).toMatchObject({ outcome: 'DIBAO', dibaoAmount: '0.01' });
  });

  it('exactly at 1.5 x the standard is not below it: not eligible', () => {
    const v = run([wages('h', '5175.00')]); // 5175 / 3 = 1725.00 = 1.5 x 1150
    expect(v).toMatchObject({ outcome: 'NOT_ELIGIBLE', perCapitaIncome: '1725.00' });
    expect(v.steps.find((s) => s.rule === 'MARGINAL')!.summary).toBe('per-capita income 1725.00 is not below 1.5 x 1150.00 = 1725.00');
    expect(run([wages('h', '5174.99')]).outcome).toBe('MARGINAL');
  });

  it('assets beyond the limits make neither dibao nor marginal', () => {
    const v = run([wages('h', '300.00'), item('s', 'REAL_ESTATE', '1.00'), item('s', 'REAL_ESTATE', '1.00')]);
    expect(v).toMatchObject({ outcome: 'NOT_ELIGIBLE', assetsWithinLimits: false, dibaoAmount: null });
    const assets = assetCheck([item('h', 'BUSINESS_REGISTRATION', '0.00')], ['h'], ON, S);
    const income = perCapitaIncome([wages('h', '1500.00')], ['h'], ON); // below 1.5 x the standard
    const m = marginalTest(dibaoTest(income, 1, assets, S), income, assets, S);
    expect(m).toMatchObject({ eligible: false, explanation: { rule: 'MARGINAL', summary: 'assets are beyond the limits' } });
  });

  it('no counted member: not eligible', () => {
    const v = run([], [member('p', 'HEAD', '1970-01-01', { confinement: 'PRISON' })]);
    expect(v).toMatchObject({ outcome: 'NOT_ELIGIBLE', countedMembers: 0, perCapitaIncome: null });
  });
});

describe('single-person coverage (单人保) in a marginal household', () => {
  const marginal = { eligible: true, explanation: null as never };
  const notMarginal = { eligible: false, explanation: null as never };
  const withHealth = (h: Partial<typeof NO_HEALTH>) => member('x', 'CHILD', '1990-01-01', {}, { ...NO_HEALTH, source: 'input', ...h });
  it.each([
    ['grade 1 physical', [{ category: 'PHYSICAL' as const, grade: 1 }], false, true],
    ['grade 2 hearing', [{ category: 'HEARING' as const, grade: 2 }], false, true],
    ['grade 3 intellectual', [{ category: 'INTELLECTUAL' as const, grade: 3 }], false, true],
    ['grade 3 mental', [{ category: 'MENTAL' as const, grade: 3 }], false, true],
    ['grade 3 physical', [{ category: 'PHYSICAL' as const, grade: 3 }], false, false],
    ['grade 4 mental', [{ category: 'MENTAL' as const, grade: 4 }], false, false],
    ['a grave illness', [], true, true],
    ['nothing', [], false, false],
  ])('%s', (_name, disabilities, graveIllness, expected) => {
    const r = singlePersonTest(withHealth({ disabilities, graveIllness }), marginal);
    expect(r.eligible).toBe(expected);
    expect(r.explanation.rule).toBe('SINGLE_PERSON_COVERAGE');
  });
  it('only inside a marginal household', () => {
    expect(singlePersonTest(withHealth({ disabilities: [{ category: 'PHYSICAL', grade: 1 }] }), notMarginal).eligible).toBe(false);
  });
  it('verify names the covered member of a marginal household', () => {
    const members = [member('h', 'HEAD', '1970-01-01'), member('s', 'SPOUSE', '1972-01-01', {}, { disabilities: [{ category: 'MENTAL', grade: 3 }], graveIllness: false, source: 'input' })];
    const v = verify(members, [wages('h', '3000.00')], ON, S); // 1500.00: marginal
    expect(v).toMatchObject({ outcome: 'MARGINAL', singlePersonCoverage: ['s'] });
  });
});

describe('tekun (特困): no capacity to work, no source of living, no able legal supporter', () => {
  const none = { hasAbleLegalSupporter: false };
  const elderly = member('e', 'HEAD', '1960-06-15', none); // 66
  it('all three conditions met', () => {
    const r = tekunTest(elderly, [monthly('e', 'PENSION', '200.00')], ON, S);
    expect(r).toMatchObject({ eligible: true, noCapacityToWork: true, noSourceOfLiving: true, noAbleSupporter: true });
    expect(r.explanation.summary).toContain('aged 66 (60 or older)');
  });
  it.each([
    ['60 exactly', '1966-06-15', NO_HEALTH, true],
    ['59', '1966-06-16', NO_HEALTH, false],
    ['under 18', '2008-06-16', NO_HEALTH, true],
    ['18 exactly', '2008-06-15', NO_HEALTH, false],
    ['grade 3 intellectual', '1990-01-01', { disabilities: [{ category: 'INTELLECTUAL' as const, grade: 3 }], graveIllness: false, source: 'input' }, true],
    ['grade 3 mental', '1990-01-01', { disabilities: [{ category: 'MENTAL' as const, grade: 3 }], graveIllness: false, source: 'input' }, true],
    ['grade 4 mental', '1990-01-01', { disabilities: [{ category: 'MENTAL' as const, grade: 4 }], graveIllness: false, source: 'input' }, false],
    ['grade 2 physical', '1990-01-01', { disabilities: [{ category: 'PHYSICAL' as const, grade: 2 }], graveIllness: false, source: 'input' }, true],
    ['grade 3 physical', '1990-01-01', { disabilities: [{ category: 'PHYSICAL' as const, grade: 3 }], graveIllness: false, source: 'input' }, false],
    ['grade 1 visual', '1990-01-01', { disabilities: [{ category: 'VISUAL' as const, grade: 1 }], graveIllness: false, source: 'input' }, true],
    ['grade 2 visual', '1990-01-01', { disabilities: [{ category: 'VISUAL' as const, grade: 2 }], graveIllness: false, source: 'input' }, false],
    ['a grave illness alone', '1990-01-01', { disabilities: [], graveIllness: true, source: 'input' }, false],
  ])('capacity to work: %s', (_n, birthDate, health, incapable) => {
    expect(incapacity(member('x', 'HEAD', birthDate, {}, health), ON) !== null).toBe(incapable);
    expect(tekunTest(member('x', 'HEAD', birthDate, none, health), [], ON, S).eligible).toBe(incapable);
  });
  it('a source of living: own income at the standard, or assets beyond the limits of one person', () => {
    expect(tekunTest(elderly, [monthly('e', 'PENSION', '1150.00')], ON, S)).toMatchObject({ eligible: false, noSourceOfLiving: false });
    expect(tekunTest(elderly, [monthly('e', 'PENSION', '1149.99')], ON, S)).toMatchObject({ eligible: true });
    expect(tekunTest(elderly, [item('e', 'DEPOSIT', '27600.01')], ON, S)).toMatchObject({ eligible: false, noSourceOfLiving: false }); // 24 x 1150 x 1
    expect(tekunTest(elderly, [item('e', 'DEPOSIT', '27600.00')], ON, S)).toMatchObject({ eligible: true });
  });
  it('an able legal supporter, or none recorded, is not met', () => {
    expect(tekunTest(member('e', 'HEAD', '1950-01-01', { hasAbleLegalSupporter: true }), [], ON, S)).toMatchObject({ eligible: false, noAbleSupporter: false });
    const unknown = tekunTest(member('e', 'HEAD', '1950-01-01'), [], ON, S);
    expect(unknown).toMatchObject({ eligible: false, noAbleSupporter: false });
    expect(unknown.explanation.summary).toContain('legal supporters not investigated');
  });
  it('verify lists the tekun members of a household', () => {
    const prisoner = member('p', 'PARENT', '1950-01-01', { ...none, confinement: 'PRISON' });
    const v = verify([elderly, member('k', 'CHILD', '1990-01-01', none), prisoner], [], ON, S);
    expect(v.tekun).toEqual(['e']); // the prisoner (76) is absent: not tested
    expect(v.steps.filter((x) => x.rule === 'TEKUN').map((x) => x.summary.split(':')[0])).toEqual(['e', 'k']);
    expect(v.outcome).toBe('DIBAO');
    expect(v.dibaoAmount).toBe('2300.00');
  });
});

describe('health from the graph (the disability and medical subgraphs\' internal fields), filtered by the date', () => {
  const READ = 'READ' as const;
  it('takes the certificates in force on the date: validFrom <= on <= validTo, both ends included', () => {
    const h = healthFromGraph(ON, { reading: READ, facts: [
      { personId: 'x', certificateId: 'c1', category: 'MENTAL', grade: 3, validFrom: '2020-01-01', validTo: ON }, // last day: in force
      { personId: 'x', certificateId: 'c2', category: 'PHYSICAL', grade: 1, validFrom: '2018-01-01', validTo: '2026-06-14' }, // ended the day before
      { personId: 'x', certificateId: 'c3', category: 'VISUAL', grade: 1, validFrom: '2026-06-16', validTo: '2030-01-01' }, // not yet
      { personId: 'x', certificateId: 'c4', category: 'HEARING', grade: 2, validFrom: ON, validTo: '2031-01-01' }, // first day: in force
      { personId: 'x', certificateId: 'c5', category: 'NOSE', grade: 1, validFrom: '2020-01-01', validTo: '2030-01-01' }, // unknown category: ignored
      { personId: 'x', certificateId: 'c6', category: 'SPEECH', grade: 5, validFrom: '2020-01-01', validTo: '2030-01-01' }, // grade out of range: ignored
    ] }, { reading: READ, facts: [] });
    expect(h.disabilities).toEqual([
      { category: 'HEARING', grade: 2, source: 'DISABILITY_FEDERATION', recordId: 'c4' },
      { category: 'MENTAL', grade: 3, source: 'DISABILITY_FEDERATION', recordId: 'c1' },
    ]);
    expect(h).toMatchObject({ graveIllness: false, reading: { disability: 'READ', graveIllness: 'READ' } });
    expect(h.source).toBe('disability: HEARING grade 2 (DISABILITY_FEDERATION), MENTAL grade 3 (DISABILITY_FEDERATION); grave illness: none; read: disability READ, medical READ');
  });

  it('a grave illness holds when an episode began by the date and was treated within 12 months before it', () => {
    const grave = (facts: { since: string; lastTreatedOn: string }[]) => healthFromGraph(ON, { reading: READ, facts: [] }, { reading: READ, facts: facts.map((f, i) => ({ personId: 'x', claimId: `m${i}`, ...f })) });
    expect(grave([{ since: '2025-06-01', lastTreatedOn: '2025-06-15' }])).toMatchObject({ graveIllness: true, graveIllnessSince: '2025-06-01', graveIllnessSource: 'MEDICAL_SECURITY', graveIllnessRecordIds: ['m0'] }); // exactly 12 months
    expect(grave([{ since: '2025-06-01', lastTreatedOn: '2025-06-14' }]).graveIllness).toBe(false); // a day more
    expect(grave([{ since: '2026-06-16', lastTreatedOn: '2026-06-20' }]).graveIllness).toBe(false); // began after the date
    expect(grave([{ since: '2026-01-10', lastTreatedOn: '2026-02-01' }, { since: '2025-09-01', lastTreatedOn: '2025-09-20' }])).toMatchObject({ graveIllness: true, graveIllnessSince: '2025-09-01' });
    expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28');
  });

  it('facts of a department not READ are not used (withheld from the caller, unavailable, not read through the graph) and say so', () => {
    const facts = [{ personId: 'x', certificateId: 'c1', category: 'PHYSICAL', grade: 1, validFrom: '2020-01-01', validTo: '2030-01-01' }];
    const withheld = healthFromGraph(ON, { reading: 'WITHHELD', facts }, { reading: 'UNAVAILABLE', facts: [{ since: '2026-01-01', lastTreatedOn: '2026-02-01' }] });
    expect(withheld).toMatchObject({ disabilities: [], graveIllness: false, reading: { disability: 'WITHHELD', graveIllness: 'UNAVAILABLE' } });
    const m = member('x', 'SPOUSE', '1980-01-01', {}, withheld);
    const r = singlePersonTest(m, { eligible: true, explanation: null as never });
    expect(r.eligible).toBe(false);
    expect(r.explanation.summary).toBe('not assessed in full (disability certificates WITHHELD, grave illness UNAVAILABLE): no qualifying condition among the facts read');
    expect(tekunTest(member('x', 'HEAD', '1990-01-01', { hasAbleLegalSupporter: false }, withheld), [], ON, S).explanation.summary)
      .toContain('capacity to work not assessed in full (disability certificates not read): aged 18-59');
  });

  it('a grade 1 certificate from the graph gives single-person coverage in a marginal household, naming the certificate; a declared one is labelled', () => {
    const h = healthFromGraph(ON, { reading: READ, facts: [{ personId: 'x', certificateId: 'cert-1', category: 'PHYSICAL', grade: 'GRADE_1', validFrom: '2020-01-01', validTo: '2030-01-01' }] }, { reading: READ, facts: [] });
    const r = singlePersonTest(member('x', 'SPOUSE', '1980-01-01', {}, h), { eligible: true, explanation: null as never });
    expect(r).toMatchObject({ eligible: true, explanation: { summary: 'member of a marginal household with PHYSICAL disability grade 1', recordIds: ['cert-1'] } });
    const declared = withDeclared(healthFromGraph(ON, { reading: READ, facts: [] }, { reading: READ, facts: [] }), { disabilities: [{ category: 'MENTAL', grade: 3 }], graveIllness: true });
    expect(declared).toMatchObject({ disabilities: [{ category: 'MENTAL', grade: 3, source: 'DECLARED', recordId: null }], graveIllness: true, graveIllnessSource: 'DECLARED' });
    expect(declared.source).toBe('disability: MENTAL grade 3 (DECLARED); grave illness: yes (DECLARED); read: disability READ, medical READ');
  });
});
