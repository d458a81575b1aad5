import { clockProblems, clockToday, isIsoCalendarDate } from './clock';
import { todayInChina } from './domain/plausibility';

describe('the demo and test clock (AIDGRAPH_TODAY)', () => {
  it('is the date it names, the date in China when unset, empty or now, and refuses anything else', () => {
    expect(clockToday({ AIDGRAPH_TODAY: '2026-02-17' })).toBe('2026-02-17');
    for (const env of [{}, { AIDGRAPH_TODAY: '' }, { AIDGRAPH_TODAY: 'now' }]) expect(clockToday(env)).toBe(todayInChina());
    expect(() => clockToday({ AIDGRAPH_TODAY: '2026-02-30' })).toThrow('AIDGRAPH_TODAY: must be an ISO date YYYY-MM-DD or now');
    expect(clockProblems({ AIDGRAPH_TODAY: 'tomorrow' })).toEqual(['AIDGRAPH_TODAY: must be an ISO date YYYY-MM-DD or now']);
    expect(clockProblems({ AIDGRAPH_TODAY: 'now' })).toEqual([]);
    expect([isIsoCalendarDate('2024-02-29'), isIsoCalendarDate('2025-02-29'), isIsoCalendarDate('2025-1-01')]).toEqual([true, false, false]);
  });
});
