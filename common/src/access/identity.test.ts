import { identityFromClaims } from './identity';

describe('the public role (公开公示网站)', () => {
  it('is a token with no person, no township, no village and no department', () => {
    expect(identityFromClaims({ sub: 'disclosure-site', role: 'public' })).toEqual({ subject: 'disclosure-site', role: 'public', township: undefined, village: undefined, department: undefined });
  });

  it('refuses a public token that names a scope', () => {
    expect(identityFromClaims({ sub: 's', role: 'public', township: '370281001' })).toBeNull();
    expect(identityFromClaims({ sub: 's', role: 'public', village: '370281001001' })).toBeNull();
    expect(identityFromClaims({ sub: 's', role: 'public', department: 'CIVIL_AFFAIRS' })).toBeNull();
    // the other roles are unchanged
    expect(identityFromClaims({ sub: 's', role: 'analyst' })).toMatchObject({ role: 'analyst' });
  });
});
