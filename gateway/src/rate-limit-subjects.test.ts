import { rateLimitSettingsSchema } from './rate-limit-config';

describe('RATE_LIMIT_SUBJECTS: a service account\'s own allowance', () => {
  it('parses <role>:<subject>=<rate>|<records> entries, keyed by role and subject', () => {
    const s = rateLimitSettingsSchema.parse({ RATE_LIMIT_SUBJECTS: 'auditor:svc-supervision-rules=50/1s,3000/1m|3000000/1h; department_officer:svc-x=off|off' });
    expect([...s.RATE_LIMIT_SUBJECTS.keys()]).toEqual(['auditor:svc-supervision-rules', 'department_officer:svc-x']);
    expect(s.RATE_LIMIT_SUBJECTS.get('auditor:svc-supervision-rules')).toEqual({
      rate: { burst: { points: 50, seconds: 1 }, sustained: { points: 3000, seconds: 60 } },
      cap: { points: 3000000, seconds: 3600 },
    });
    expect(s.RATE_LIMIT_SUBJECTS.get('department_officer:svc-x')).toEqual({ rate: null, cap: null });
    expect(rateLimitSettingsSchema.parse({}).RATE_LIMIT_SUBJECTS.size).toBe(0);
  });

  it('refuses a malformed or repeated entry, naming it', () => {
    for (const bad of ['auditor:svc=50/1s', 'auditor:svc=50/1s,3000/1m|lots', 'svc=off|off', 'auditor:a=off|off;auditor:a=off|off']) {
      const r = rateLimitSettingsSchema.safeParse({ RATE_LIMIT_SUBJECTS: bad });
      expect(r.success).toBe(false);
    }
  });
});
