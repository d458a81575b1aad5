import { setKeySource } from '../access/derived-keys';
import { cellKeyOf, countNoise, hashBytes, perturbCell, recordKey } from './perturbation';

/**
 * Cell-key perturbation (perturbation.ts): the record key is PostgreSQL's uuid_hash, the noise is bounded, drawn from the
 * records (not from the query) and from the key, and never makes a published cell look suppressed.
 */
describe('statistics perturbation', () => {
  beforeAll(() => setKeySource('test-gateway-signing-key-0123456789abcdef'));

  it('hashes bytes as PostgreSQL 15 hash_any does: hashtext of texts, uuid_hash of uuids (values read from PostgreSQL)', () => {
    // SELECT hashtext('...') on PostgreSQL 15 (x86-64): every length class of lookup3's tail, multi-byte UTF-8, a uuid
    const pg: [string, number][] = [
      ['', -1477818771], ['a', 1075015857], ['ab', 1718550461], ['abc', -785388649], ['abcd', -393934804],
      ['hello world', 1021725223], ['0123456789ab', -1437215093], ['0123456789abc', -1125236995],
      ['f47ac10b-58cc-4372-a567-0e02b2c3d479', -980735850], ['胶州市', 1583055994], ['x'.repeat(25), 733930510],
    ];
    expect(pg.map(([s]) => [s, hashBytes(Buffer.from(s, 'utf8'))])).toEqual(pg);
    // SELECT uuid_hash('...'::uuid): the record key
    const uuids: [string, number][] = [['f47ac10b-58cc-4372-a567-0e02b2c3d479', -1212128942], ['00000000-0000-4000-8000-00000000f00d', 544138223]];
    expect(uuids.map(([s]) => [s, recordKey(s)])).toEqual(uuids);
    expect(recordKey('F47AC10B-58CC-4372-A567-0E02B2C3D479')).toBe(-1212128942);
  });

  it('takes cell keys modulo 2^32, negative sums included', () => {
    expect(cellKeyOf('-1')).toBe(2n ** 32n - 1n);
    expect(cellKeyOf(String(2n ** 32n + 5n))).toBe(5n);
    expect(cellKeyOf(null)).toBe(0n);
    expect(cellKeyOf(-1477818771 + 1075015857)).toBe(2n ** 32n - 402802914n);
  });

  it('draws count noise −2..+2 with probabilities 0.1, 0.2, 0.4, 0.2, 0.1', () => {
    const at = (p: number) => countNoise(Math.round(p * 2 ** 32));
    expect([0, 0.0999, 0.1, 0.2999, 0.3, 0.6999, 0.7, 0.8999, 0.9, 0.99999].map(at)).toEqual([-2, -2, -1, -1, 0, 0, 1, 1, 2, 2]);
  });

  it('keeps every count within ±2, people at least k, records at least people; sums within the records\' noise and half the largest amount', () => {
    const seen = new Map<number, number>();
    for (let i = 0; i < 4000; i++) {
      const people = 5 + (i % 40);
      const count = people + (i % 3);
      const fen = BigInt(people) * 50_000n + BigInt(i);
      const max = 90_000n;
      const p = perturbCell({ people, count, amountFen: fen.toString(), cellKey: BigInt(i * 7919), maxFen: max.toString() }, 5);
      const d = p.people - people;
      seen.set(d, (seen.get(d) ?? 0) + 1);
      expect(Math.abs(d)).toBeLessThanOrEqual(2);
      expect(p.people).toBeGreaterThanOrEqual(5);
      expect(Math.abs(p.count - count)).toBeLessThanOrEqual(2);
      expect(p.count).toBeGreaterThanOrEqual(p.people);
      if (count === people) expect(p.count).toBe(p.people);
      // the sum carries the records' applied noise in largest amounts, plus at most half the largest amount
      const e = BigInt(p.amountFen!) - fen - BigInt(p.count - count) * max;
      expect(e <= max / 2n && e >= -max / 2n).toBe(true);
    }
    // every noise occurs, zero the most often (0.4 of 4000, less the cells of 5-6 lifted to k)
    expect([...seen.keys()].sort()).toEqual([-1, -2, 0, 1, 2]);
    expect(seen.get(0)!).toBeGreaterThan(1300);
    expect(seen.get(2)!).toBeGreaterThan(250);
  });

  it('gives the same records the same figures (in every query), other records (or another key) other ones', () => {
    const cell = { people: 12, count: 15, amountFen: '654321', cellKey: 123456789n, maxFen: '90000' };
    const a = perturbCell(cell, 5);
    expect(perturbCell({ ...cell }, 5)).toEqual(a);
    const others = Array.from({ length: 50 }, (_, i) => perturbCell({ ...cell, cellKey: BigInt(i) }, 5));
    expect(new Set(others.map((o) => o.amountFen)).size).toBeGreaterThan(45);
    expect(new Set(others.map((o) => o.people)).size).toBeGreaterThan(2);
    setKeySource('another-gateway-signing-key-0123456789abcdef');
    try {
      const b = Array.from({ length: 50 }, (_, i) => perturbCell({ ...cell, cellKey: BigInt(i) }, 5));
      expect(b.map((o) => o.amountFen)).not.toEqual(others.map((o) => o.amountFen));
    } finally {
      setKeySource('test-gateway-signing-key-0123456789abcdef');
    }
  });

  it('a sum of one standard amount gives back the published count, never the true one (the decoding of the hostile review)', () => {
    // tekun: everyone 1,495.00 yuan a month; a school stage's grant: everyone the same
    let differ = 0;
    for (const a of [149_500, 100_000, 25_000]) {
      for (let i = 0; i < 300; i++) {
        const n = 5 + (i % 60);
        const p = perturbCell({ people: n, count: n, amountFen: String(n * a), cellKey: BigInt(i * 104_729 + a), maxFen: String(a) }, 5);
        expect(Math.round(Number(p.amountFen) / a)).toBe(p.count);
        if (p.count !== n) differ++;
      }
    }
    expect(differ).toBeGreaterThan(300);
  });

  it('publishes 0.00 only for a cell paid nothing, and a cell with money never below 0.01', () => {
    expect(perturbCell({ people: 9, count: 9, amountFen: '0', cellKey: 1n, maxFen: '0' }, 5).amountFen).toBe('0');
    for (let i = 0; i < 200; i++) {
      const p = perturbCell({ people: 6, count: 6, amountFen: '3', cellKey: BigInt(i), maxFen: '100000' }, 5);
      expect(BigInt(p.amountFen!)).toBeGreaterThanOrEqual(1n);
    }
  });
});
