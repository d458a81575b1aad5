import { civilAffairs } from '../src/subgraph';
import { RegistryHistory1796220000000 } from '../src/migrations/1796220000000-registry-history';
import { definitionEntities, openDatabase } from '@aidgraph/subgraph-kit';
import { createTestDatabase, pendingSchemaChanges, testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';

/** The registry migration on a database that already holds persons and households (a running deployment's data). */
describe.each(testDatabaseKinds())('the registry-history migration on an existing %s database', (kind) => {
  it('keeps every row, gives each version 1, and leaves the schema exactly as the entities declare', async () => {
    const database = await createTestDatabase(kind, 'ca_upgrade');
    const { entities, migrations } = definitionEntities(civilAffairs);
    try {
      const before = await openDatabase({ url: database.url, entities, migrations: migrations.filter((m) => m !== RegistryHistory1796220000000) });
      const p = (i: number) => (kind === 'postgres' ? `$${i}` : '?');
      await before.query(
        `INSERT INTO household (id, "townshipCode", "villageCode", address, "headId", "perCapitaMonthlyIncome", "assetsWithinRules", urban) VALUES (${[1, 2, 3, 4, 5, 6, 7, 8].map(p).join(', ')})`,
        ['0a1b2c3d-0000-4000-8000-000000000001', '370281001', '370281001001', '某村1号', '0a1b2c3d-0000-4000-8000-000000000002', 45000, true, false],
      );
      await before.query(
        `INSERT INTO person (id, name, "idNumber", gender, "birthDate", phone, "townshipCode", "villageCode", "householdId", "relationToHead", status, "statusDate") VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(p).join(', ')})`,
        ['0a1b2c3d-0000-4000-8000-000000000002', '王秀兰', '370281194811200022', 'FEMALE', '1948-11-20', null, '370281001', '370281001001', '0a1b2c3d-0000-4000-8000-000000000001', 'HEAD', 'ACTIVE', null],
      );
      await before.destroy();
      const after = await openDatabase({ url: database.url, entities, migrations });
      try {
        expect(await pendingSchemaChanges(after)).toEqual([]);
        const [person] = await after.query(`SELECT name, "idNumber", "householdId", "relationToHead", version, "statusSource" FROM person`);
        expect({ ...person, version: Number(person.version) }).toEqual({
          name: '王秀兰', idNumber: '370281194811200022', householdId: '0a1b2c3d-0000-4000-8000-000000000001', relationToHead: 'HEAD', version: 1, statusSource: null,
        });
        const [household] = await after.query(`SELECT address, "perCapitaMonthlyIncome", version FROM household`);
        expect([household.address, Number(household.perCapitaMonthlyIncome), Number(household.version)]).toEqual(['某村1号', 45000, 1]);
        expect(await after.query('SELECT COUNT(*) AS n FROM registry_change')).toEqual([{ n: kind === 'postgres' ? '0' : 0 }]);
      } finally {
        await after.destroy();
      }
    } finally {
      await database.drop();
    }
  });
});
