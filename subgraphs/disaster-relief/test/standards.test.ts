import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reliefLimit, reliefStandards, transitionalMonths } from '../src/modules/disaster-relief/disaster-relief.rules';
import { DisasterReliefType } from '../src/modules/disaster-relief/disaster-relief.enums';
import { HouseDamageLevel } from '../src/modules/disaster-assessment/disaster-assessment.enums';

const collapsed = { damageLevel: HouseDamageLevel.COLLAPSED, peopleAffected: 4, deaths: 1 };

describe('the disaster relief standards (relief-standards.json)', () => {
  it('gives the limit in force on the grant date, per person, person-month, house or death', () => {
    expect(reliefLimit(DisasterReliefType.EMERGENCY_LIVING, collapsed, '2023-12-31')!.max).toBe('2400.00'); // 600 × 4
    expect(reliefLimit(DisasterReliefType.EMERGENCY_LIVING, collapsed, '2024-01-01')!.max).toBe('3200.00'); // 800 × 4
    expect(reliefLimit(DisasterReliefType.TRANSITIONAL, collapsed, '2024-08-01', { start: '2024-07-15', end: '2024-08-14' })!.max).toBe('3000.00'); // 750 × 4 × 1
    expect(reliefLimit(DisasterReliefType.TRANSITIONAL, collapsed, '2024-08-01', { start: '2024-07-15', end: '2024-10-14' })!.max).toBe('9000.00'); // 750 × 4 × 3
    expect(reliefLimit(DisasterReliefType.HOUSE_REBUILD, collapsed, '2024-10-01')!.max).toBe('40000.00');
    expect(reliefLimit(DisasterReliefType.HOUSE_REBUILD, { ...collapsed, damageLevel: HouseDamageLevel.SEVERELY_DAMAGED }, '2020-10-01')!.max).toBe('15000.00');
    expect(reliefLimit(DisasterReliefType.DEATH_CONSOLATION, { ...collapsed, deaths: 2 }, '2024-10-01')!.max).toBe('100000.00');
    expect(reliefLimit(DisasterReliefType.WINTER_SPRING, collapsed, '2019-03-01')).toBeUndefined();
  });

  it('counts a transitional period in months of 31 days: 3 at most for the longest (92 days)', () => {
    expect([['2024-07-01', '2024-07-31'], ['2024-07-01', '2024-08-01'], ['2024-07-01', '2024-09-30'], ['2024-07-01', '2024-10-01']].map(([s, e]) => transitionalMonths(s, e))).toEqual([1, 2, 3, 3]);
  });

  it('refuses a replacement table that does not validate, naming each problem by path, never by value', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'relief-standards-')), 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ limits: [{ effectiveFrom: '2024-01-01', emergencyLivingPerPerson: '800', houseRebuild: { COLLAPSED: '40000.00' } }] }));
    try {
      expect(() => reliefStandards.load(file)).toThrow(/limits\.0\.emergencyLivingPerPerson[\s\S]*limits\.0\.houseRebuild\.SEVERELY_DAMAGED/);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
