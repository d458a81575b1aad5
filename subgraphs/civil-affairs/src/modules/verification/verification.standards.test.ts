import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { itemAmountLimit, standardsOn, verificationLimits } from './verification.standards';

describe('the verification standards table (VERIFICATION_STANDARDS_FILE)', () => {
  it('bundles placeholder limits with the marginal factor 1.5 and takes the dibao standard from the one standards table', () => {
    const t = verificationLimits.load();
    expect(t.placeholder).toBe(true);
    expect(standardsOn('2026-06-15', true)).toMatchObject({
      area: 'URBAN', standard: '1150.00', standardFrom: '2025-07-01', marginalFactor: '1.5', depositMonthsPerPerson: '24', vehicleExemptMonths: '24',
      maxVehicles: 0, maxRealEstate: 1, maxBusinessRegistrations: 0, limitsFrom: '2020-07-01',
    });
    expect(standardsOn('2021-06-30', false)).toMatchObject({ area: 'RURAL', standard: '900.00', standardFrom: '2020-07-01' });
    expect(standardsOn('2020-06-30', true)).toBeUndefined();
    expect(itemAmountLimit('2026-06-15').max).toBe('100000000.00');
    expect(itemAmountLimit('2019-01-01').max).toBe('100000000.00'); // before the first entry: the first entry's bound
  });

  it('refuses a bad file with every problem listed by path', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'verification-')), 'limits.json');
    fs.writeFileSync(file, JSON.stringify({ limits: [
      { effectiveFrom: '2024-01-01', marginalFactor: 'one and a half', depositMonthsPerPerson: '24', vehicleExemptMonths: '24', maxVehicles: -1, maxRealEstate: 1, maxBusinessRegistrations: 0, maxItemAmount: '100000000.00' },
      { effectiveFrom: '2024-01-01', marginalFactor: '1.5', depositMonthsPerPerson: '24', vehicleExemptMonths: '24', maxVehicles: 0, maxRealEstate: 1, maxBusinessRegistrations: 0, maxItemAmount: '1e8', extra: 1 },
    ] }));
    let message = '';
    try {
      verificationLimits.load(file);
    } catch (e) {
      message = String((e as Error).message) + JSON.stringify((e as { problems?: unknown }).problems ?? '');
    }
    expect(message).toMatch(/limits\.0\.marginalFactor|limits\[0\]\.marginalFactor|limits\/0\/marginalFactor/);
    expect(message).toMatch(/maxVehicles/);
    expect(message).toMatch(/same date/);
    expect(message).toMatch(/maxItemAmount/);
    expect(() => verificationLimits.load(path.join(path.dirname(file), 'missing.json'))).toThrow(/VERIFICATION_STANDARDS_FILE: cannot read/);
  });
});
