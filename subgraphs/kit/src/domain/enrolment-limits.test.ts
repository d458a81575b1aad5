import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enrolmentLimits, noticeAmountLimit } from './enrolment-limits';

/** The shared limits table of assistance amounts (civil affairs' enrolments, the service centre's notice amounts). */
describe('enrolment limits and notice amount limits', () => {
  it('bundles the placeholder multiples and bounds notice amounts by the standard in force (1150.00 from 2025-07-01)', () => {
    expect(enrolmentLimits.load().limits[0]).toEqual({ effectiveFrom: '2020-07-01', tekunMultiple: '1.3', temporaryMultiple: '6', maxHouseholdSize: 10 });
    // DIBAO: the standard x the persons; 1150.00 x 3 = 3450.00
    expect(noticeAmountLimit('DIBAO', '2026-03-02', { persons: 3, area: 'URBAN' })).toMatchObject({ max: expect.anything(), what: expect.stringContaining('x 3 person(s)') });
    expect(String(noticeAmountLimit('DIBAO', '2026-03-02', { persons: 3, area: 'URBAN' })!.max)).toBe('3450');
    // TEKUN: 1.3 x 1150.00 = 1495.00 per member found tekun (one when not known)
    expect(String(noticeAmountLimit('TEKUN', '2026-03-02')!.max)).toBe('1495');
    expect(String(noticeAmountLimit('TEKUN', '2026-03-02', { persons: 2 })!.max)).toBe('2990');
    // TEMPORARY: 6 x 1150.00 x the household; not knowing it, maxHouseholdSize 10: 69000.00
    expect(String(noticeAmountLimit('TEMPORARY', '2026-03-02')!.max)).toBe('69000');
    expect(noticeAmountLimit('TEMPORARY', '2026-03-02')!.what).toContain('maxHouseholdSize');
    expect(noticeAmountLimit('DIBAO', '2019-12-31')).toBeUndefined(); // before the first standard
  });

  it('refuses a table without maxHouseholdSize', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'enrolment-')), 'limits.json');
    fs.writeFileSync(file, JSON.stringify({ limits: [{ effectiveFrom: '2024-01-01', tekunMultiple: '1.3', temporaryMultiple: '6' }] }));
    expect(() => enrolmentLimits.load(file)).toThrow(/maxHouseholdSize/);
  });
});
