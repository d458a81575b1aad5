import { acceptedHeaders, mapColumns, normalizeHeader, type RosterField } from '@aidgraph/roster';
import { listedSubgraphs, loadRosterAdapters } from '../src/subgraphs';

/** Every roster of every listed subgraph (a new department's rosters are covered without a change here). */
const rosters = listedSubgraphs().flatMap(({ name }) => loadRosterAdapters(name).map((a) => [`${name}/${a.kind}`, a] as const));

/** A header row of the roster with each field's header replaced by `pick(field)` where it gives one. */
const headerRow = (fields: readonly RosterField[], pick: (f: RosterField) => string | undefined) => fields.map((f) => pick(f) ?? f.header);

describe('roster headers of every department', () => {
  it('has rosters to check', () => {
    expect(rosters.length).toBeGreaterThanOrEqual(9);
  });

  it.each(rosters)('%s: no two fields accept the same header once normalised, and each header maps to its field', (_name, a) => {
    const owner = new Map<string, string>();
    for (const f of a.fields) for (const h of [f.header, ...(f.aliases ?? [])]) {
      const n = normalizeHeader(h);
      expect({ header: h, field: owner.get(n) ?? f.key }).toEqual({ header: h, field: f.key });
      owner.set(n, f.key);
    }
    // every accepted header of every field, one at a time, finds that field
    for (const f of a.fields)
      for (const h of acceptedHeaders(f)) {
        const m = mapColumns([{ row: 1, cells: headerRow(a.fields, (g) => (g === f ? h : undefined)) }], a.fields);
        expect({ header: h, column: m.columnOf.get(f.key) }).toEqual({ header: h, column: a.fields.indexOf(f) });
      }
  });

  const forms: [string, string, string][] = [
    ['所在镇（街道）', '公民身份号码', '姓名'],
    ['所在镇(街道)', '身份证号码', '姓 名'],
    ['乡镇（街道）', '身份证号（18位）', '姓名*'],
    ['镇（街道）', '居民身份证号码', '姓名'],
    ['所属镇街', '身份证', '姓名'],
    ['乡镇／街道', '证件号码', '姓名'],
  ];
  it.each(rosters)('%s: takes the common forms of the township, ID number and name headers (full-width brackets included)', (_name, a) => {
    for (const [township, idNumber, name] of forms) {
      const row = headerRow(a.fields, (f) => (f.header === '乡镇/街道' ? township : f.header === '身份证号' ? idNumber : f.header === '姓名' ? name : undefined));
      const m = mapColumns([{ row: 1, cells: row }], a.fields);
      expect(m.ignored).toEqual([]);
      for (const f of a.fields) expect({ field: f.key, column: m.columnOf.get(f.key) }).toEqual({ field: f.key, column: a.fields.indexOf(f) });
    }
  });
});
