import { setKeySource } from '../access/derived-keys';
import crypto from 'node:crypto';
import { referralIdOf, signReferralTicket, uuidV5, verifyReferralTicket, type ReferralTicketPayload } from './ticket';

const P: ReferralTicketPayload = {
  referralId: referralIdOf('0b9f8a52-3c1d-4e7f-9a6b-2c4d6e8f0a1b', 'EDUCATION'), applicationId: '0b9f8a52-3c1d-4e7f-9a6b-2c4d6e8f0a1b',
  department: 'EDUCATION', programme: 'EDUCATION', applicantId: '5d0c1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f', townshipCode: '370281001', createdOn: '2026-03-03',
};

describe('referral tickets', () => {
  beforeAll(() => setKeySource('test-gateway-signing-key-0123456789abcdef'));

  it('verify what they sign, field for field, and the same referral always gives the same ticket', () => {
    const t = signReferralTicket(P);
    expect(verifyReferralTicket(t)).toEqual({ ...P, householdId: null });
    expect(signReferralTicket({ ...P })).toBe(t);
    const withHousehold = { ...P, householdId: '7e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b' };
    expect(verifyReferralTicket(signReferralTicket(withHousehold))).toEqual(withHousehold);
    expect(signReferralTicket(withHousehold)).not.toBe(t);
  });

  it('refuse a changed payload, a changed MAC, another key and anything malformed', () => {
    const t = signReferralTicket(P);
    const [body, mac] = t.split('.');
    const other = Buffer.from(JSON.stringify({ ...P, department: 'MEDICAL_SECURITY' })).toString('base64url');
    expect(verifyReferralTicket(`${other}.${mac}`)).toBeNull();
    expect(verifyReferralTicket(`${body}.${crypto.randomBytes(32).toString('base64url')}`)).toBeNull();
    for (const bad of ['', '.', 'abc', `${body}.`, `${body}.${mac}.x`, `${body}x.${mac}`, null, undefined]) expect(verifyReferralTicket(bad)).toBeNull();
    setKeySource('another-gateway-signing-key-0123456789abcdef');
    expect(verifyReferralTicket(t)).toBeNull();
    setKeySource('test-gateway-signing-key-0123456789abcdef');
    expect(verifyReferralTicket(t)).toEqual({ ...P, householdId: null });
  });

  it('make referral ids as UUID v5 (RFC 9562 test vector), one per application and programme', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(referralIdOf(P.applicationId.toUpperCase(), 'EDUCATION')).toBe(P.referralId);
    expect(referralIdOf(P.applicationId, 'MEDICAL')).not.toBe(P.referralId);
  });
});
