import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '@aidgraph/subgraph-kit';
import { loadSubsidyRates, subsidyRateOn } from './disability-subsidy.rates';
import { DisabilitySubsidyKind } from './disability-subsidy.enums';

const bundled = JSON.parse(fs.readFileSync(path.join(__dirname, 'disability-subsidy-rates.json'), 'utf8'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'disability-rates-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
function file(content: unknown): string {
  const f = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}

describe('disability subsidy rate table (configuration)', () => {
  it('reads the bundled table when no file is named, and answers the row in force on a date', () => {
    const t = loadSubsidyRates('');
    for (const row of bundled.rates) {
      expect(subsidyRateOn(t, DisabilitySubsidyKind.LIVING, 3, row.effectiveFrom)).toEqual({ effectiveFrom: row.effectiveFrom, monthlyAmount: row.living['3'] });
      expect(subsidyRateOn(t, DisabilitySubsidyKind.NURSING, 1, row.effectiveFrom)).toEqual({ effectiveFrom: row.effectiveFrom, monthlyAmount: row.nursing['1'] });
    }
    const second = bundled.rates[1];
    expect(subsidyRateOn(t, DisabilitySubsidyKind.NURSING, 2, addDay(bundled.rates[2].effectiveFrom, -1))?.monthlyAmount).toBe(second.nursing['2']);
  });

  it('has no rate before the first row, nor a nursing rate for grades 3-4', () => {
    const t = loadSubsidyRates('');
    expect(subsidyRateOn(t, DisabilitySubsidyKind.LIVING, 1, addDay(bundled.rates[0].effectiveFrom, -1))).toBeUndefined();
    expect(subsidyRateOn(t, DisabilitySubsidyKind.NURSING, 3, '2030-01-01')).toBeUndefined();
  });

  it('reads a file named by the variable, in any row order', () => {
    const rows = [
      { effectiveFrom: '2026-01-01', living: { 1: '300.00', 2: '300.00', 3: '200.00', 4: '200.00' }, nursing: { 1: '400.00', 2: '300.00' } },
      { effectiveFrom: '2024-01-01', living: { 1: '100.00', 2: '100.00', 3: '90.00', 4: '90.00' }, nursing: { 1: '110.00', 2: '100.00' } },
    ];
    const t = loadSubsidyRates(file({ rates: rows }));
    expect(t.rates.map((r) => r.effectiveFrom)).toEqual(['2024-01-01', '2026-01-01']);
    expect(subsidyRateOn(t, DisabilitySubsidyKind.LIVING, 4, '2025-06-30')?.monthlyAmount).toBe('90.00');
    expect(subsidyRateOn(t, DisabilitySubsidyKind.NURSING, 2, '2026-01-01')?.monthlyAmount).toBe('300.00');
  });

  it('refuses a bad file, listing every problem by path', () => {
    const bad = {
      rates: [
        { effectiveFrom: '2024-02-30', living: { 1: '100', 2: '100.00', 3: '90.00', 4: '90.00' }, nursing: { 1: '110.00' } },
        { effectiveFrom: '2025-01-01', living: { 1: '1.00', 2: '1.00', 3: '1.00', 4: '1.00' }, nursing: { 1: '1.00', 2: '1.00', 3: '1.00' } },
      ],
    };
    let error: unknown;
    try {
      loadSubsidyRates(file(bad));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join('\n');
    expect(issues).toContain('rates.0.effectiveFrom');
    expect(issues).toContain('rates.0.living.1');
    expect(issues).toContain('rates.0.nursing.2');
    expect(issues).toContain('rates.1.nursing');
    expect(() => loadSubsidyRates(file({ rates: [bundled.rates[0], bundled.rates[0]] }))).toThrow(/same date/);
    expect(() => loadSubsidyRates(file('{ not json'))).toThrow(ConfigError);
    expect(() => loadSubsidyRates(path.join(dir, 'missing.json'))).toThrow(ConfigError);
  });
});

function addDay(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
