import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, Kind, type DocumentNode } from 'graphql';
import { COORDINATES } from './classification';

const SCHEMA_DIR = join(__dirname, '../../../../schema');

/** Every sort key of every list in an SDL text, as '<Input>.field[<VALUE>]' (inputs `*Order` whose `field` is an enum). */
function sortKeysOf(doc: DocumentNode): string[] {
  const enums = new Map<string, string[]>();
  for (const d of doc.definitions)
    if (d.kind === Kind.ENUM_TYPE_DEFINITION) enums.set(d.name.value, (d.values ?? []).map((v) => v.name.value));
  const out: string[] = [];
  for (const d of doc.definitions)
    if (d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && d.name.value.endsWith('Order')) {
      const field = d.fields?.find((f) => f.name.value === 'field');
      let t = field?.type;
      while (t && t.kind !== Kind.NAMED_TYPE) t = t.type;
      for (const v of (t && enums.get(t.name.value)) ?? []) out.push(`${d.name.value}.field[${v}]`);
    }
  return out;
}

/** Every root list (a Query field returning a `*Connection`), with whether it takes first/last/before/after and orderBy. */
function listsOf(doc: DocumentNode): { list: string; args: string[] }[] {
  const out: { list: string; args: string[] }[] = [];
  for (const d of doc.definitions)
    if ((d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) && d.name.value === 'Query')
      for (const f of d.fields ?? []) {
        let t = f.type;
        while (t.kind !== Kind.NAMED_TYPE) t = t.type;
        if (t.name.value.endsWith('Connection')) out.push({ list: `Query.${f.name.value}`, args: (f.arguments ?? []).map((a) => a.name.value).sort() });
      }
  return out;
}

/**
 * The departments' own declarations (classifyCoordinates, `access` of sort keys) are made when their modules load: load
 * every subgraph of the repository, as its server does, before comparing the schema with the classification.
 */
function loadDepartmentDeclarations(): void {
  const root = join(__dirname, '../../../..');
  for (const d of readdirSync(join(root, 'subgraphs')))
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (existsSync(join(root, 'subgraphs', d, 'src/subgraph.ts'))) require(join(root, 'subgraphs', d, 'src/subgraph.ts'));
}

describe('sort key classification (every sort key of every list is a coordinate, like every filter)', () => {
  beforeAll(loadDepartmentDeclarations);
  const supergraph = parse(readFileSync(join(SCHEMA_DIR, 'supergraph.graphql'), 'utf8'));
  const subgraphs = readdirSync(join(SCHEMA_DIR, 'subgraphs'))
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => parse(readFileSync(join(SCHEMA_DIR, 'subgraphs', f), 'utf8')));

  it('classifies every value of every *Order input\'s field enum of the supergraph and of each subgraph', () => {
    const keys = new Set(sortKeysOf(supergraph));
    for (const s of subgraphs) for (const k of sortKeysOf(s)) keys.add(k);
    expect(keys.size).toBeGreaterThan(35);
    const missing = [...keys].filter((k) => COORDINATES[k]?.kind !== 'sort');
    expect(missing).toEqual([]);
  });

  it('has no sort coordinate that is not a sort key of the supergraph', () => {
    const keys = new Set(sortKeysOf(supergraph));
    const stale = Object.entries(COORDINATES).filter(([k, c]) => c.kind === 'sort' && !keys.has(k)).map(([k]) => k);
    expect(stale).toEqual([]);
  });

  it('gives every root list orderBy and both paging directions', () => {
    const lists = listsOf(supergraph);
    expect(lists.length).toBeGreaterThanOrEqual(13);
    for (const { list, args } of lists)
      expect({ list, paging: ['after', 'before', 'first', 'last', 'orderBy'].filter((a) => !args.includes(a)) }).toEqual({ list, paging: [] });
  });
});
