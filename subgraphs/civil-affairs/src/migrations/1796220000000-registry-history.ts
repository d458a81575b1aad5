import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/**
 * The registry as a system of record (issue 8 item 1): a `version` on person and household (optimistic versioning of
 * corrections: 1 for every existing row), the source of a person's status change, persons in no household (a member
 * removed from a household stays in the registry: householdId and relationToHead may be null), households registered at
 * the window before their economic verification (income and asset check null until verified; address optional), and the
 * history table registry_change.
 */
export class RegistryHistory1796220000000 implements MigrationInterface {
  name = 'RegistryHistory1796220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('person', new TableColumn({ name: 'statusSource', type: 'varchar', length: '24', isNullable: true }));
    await q.addColumn('person', new TableColumn({ name: 'version', type: 'integer', default: 1 }));
    await q.addColumn('household', new TableColumn({ name: 'version', type: 'integer', default: 1 }));
    await nullable(q, 'person', true, [
      new TableColumn({ name: 'householdId', type: uuidType(q) }),
      new TableColumn({ name: 'relationToHead', type: 'varchar', length: '16' }),
    ]);
    await nullable(q, 'household', true, [
      new TableColumn({ name: 'address', type: 'varchar', length: '200' }),
      new TableColumn({ name: 'perCapitaMonthlyIncome', type: 'bigint' }),
      new TableColumn({ name: 'assetsWithinRules', type: 'boolean' }),
    ]);
    await q.createTable(
      new Table({
        name: 'registry_change',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'personId', type: uuidType(q), isNullable: true },
          { name: 'householdId', type: uuidType(q), isNullable: true },
          { name: 'personVersion', type: 'integer', isNullable: true },
          { name: 'householdVersion', type: 'integer', isNullable: true },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'action', type: 'varchar', length: '32' },
          { name: 'changes', type: 'text' },
          { name: 'reason', type: 'varchar', length: '500', isNullable: true },
          { name: 'subject', type: 'varchar', length: '128' },
          { name: 'role', type: 'varchar', length: '32' },
          { name: 'at', type: 'varchar', length: '32' },
        ],
        indices: [
          new TableIndex({ name: 'registry_change_person_idx', columnNames: ['personId', 'personVersion'] }),
          new TableIndex({ name: 'registry_change_household_idx', columnNames: ['householdId', 'householdVersion'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('registry_change');
    // (fails while a person is in no household or a household is unverified: those rows cannot go back)
    await nullable(q, 'household', false, [
      new TableColumn({ name: 'address', type: 'varchar', length: '200' }),
      new TableColumn({ name: 'perCapitaMonthlyIncome', type: 'bigint' }),
      new TableColumn({ name: 'assetsWithinRules', type: 'boolean' }),
    ]);
    await nullable(q, 'person', false, [
      new TableColumn({ name: 'householdId', type: uuidType(q) }),
      new TableColumn({ name: 'relationToHead', type: 'varchar', length: '16' }),
    ]);
    await q.dropColumn('household', 'version');
    await q.dropColumn('person', 'version');
    await q.dropColumn('person', 'statusSource');
  }
}

/**
 * Make `columns` of `table` nullable (or NOT NULL again), keeping their data: on PostgreSQL `ALTER COLUMN ... DROP/SET NOT
 * NULL` (TypeORM's changeColumn may drop and re-add a column there, losing its values); on SQLite changeColumn, which
 * copies the table into a new one with the changed columns.
 */
async function nullable(q: QueryRunner, table: string, isNullable: boolean, columns: TableColumn[]): Promise<void> {
  if (q.connection.driver.options.type === 'postgres') {
    for (const c of columns) await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${c.name}" ${isNullable ? 'DROP' : 'SET'} NOT NULL`);
    return;
  }
  const current = await q.getTable(table);
  if (!current) throw new Error(`no table ${table}`);
  await q.changeColumns(
    current,
    columns.map((c) => {
      const oldColumn = current.findColumnByName(c.name);
      if (!oldColumn) throw new Error(`no column ${table}.${c.name}`);
      return { oldColumn, newColumn: new TableColumn({ ...c, isNullable }) };
    }),
  );
}
