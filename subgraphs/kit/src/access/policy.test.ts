import { applyFieldRule, assertCanWrite, inScope, maskName, scopeWhere } from './policy';
import type { Identity } from './identity';

const analyst: Identity = { subject: 'a', role: 'analyst' };
const auditor: Identity = { subject: 'b', role: 'auditor' };
const caseworker: Identity = { subject: 'c', role: 'caseworker', township: '370281001' };
const medical: Identity = { subject: 'd', role: 'department_officer', department: 'MEDICAL_SECURITY' };
const education: Identity = { subject: 'e', role: 'department_officer', department: 'EDUCATION' };

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
    expect(scopeWhere(caseworker)).toEqual({ townshipCode: '370281001' });
    expect(scopeWhere(auditor)).toEqual({});
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
