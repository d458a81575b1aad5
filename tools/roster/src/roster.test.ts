import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict } from '@aidgraph/common';
import { makeIdNumber } from '@aidgraph/common/domain/id-number';
import { AuditEntry, AuditLog1764300000000, assertPersonsInRegistry, auditedWrite, createContext, openDatabase, writeTransaction } from '@aidgraph/subgraph-kit';
import { normalizeHeader, normalizeText } from './cells';
import {
  choiceParser, dateParser, excelSerialToIso, idNumberParser, monthParser, nameParser, townshipParser, yuanParser, type ParseResult,
} from './parsers';
import { decodeCsv, parseCsvText, readRosterFile, RosterFileError } from './read';
import { writeCsvFile, writeXlsxFile } from './write';
import { COMMON_HEADER_SYNONYMS, acceptedHeaders, mapColumns } from './mapping';
import { staticRegistryLookup } from './registry';
import { importRoster } from './runner';
import { rejectReportRows } from './report';
import { withinTransaction } from './within-transaction';
import type { RosterAdapter, RosterField } from './adapter';

const value = <T>(r: ParseResult<T>) => (r.ok ? r.value : r.problem.reason);
const today = new Date('2026-01-01T00:00:00Z');

describe('roster cells and parsers', () => {
  it('normalises what people type: full-width letters and digits, the ideographic space, invisible characters; Chinese punctuation stays', () => {
    expect(normalizeText('　胶州市第一中学\u200B ')).toBe('胶州市第一中学');
    expect(normalizeText('ＡＢＣ　１２３')).toBe('ABC 123');
    expect(normalizeText('2024年秋季助学（小学），第１批')).toBe('2024年秋季助学（小学），第1批');
    expect(normalizeHeader(' 金额（元）* ')).toBe('金额');
    expect(normalizeHeader('身份证 号码')).toBe('身份证号码');
  });

  it('reads ID numbers with spaces, full-width digits and a lower-case x; refuses a wrong check character and a number cell', () => {
    const p = idNumberParser(today);
    expect(value(p('１１０１０５ 1949 1231 002x'))).toBe('11010519491231002X');
    expect(p('110105194912310021')).toMatchObject({ ok: false, problem: { reason: 'BAD_ID_NUMBER', detail: 'CHECK_CHARACTER' } });
    expect(p(370281198706151230)).toMatchObject({ ok: false, problem: { reason: 'BAD_ID_NUMBER', detail: 'STORED_AS_NUMBER' } });
    expect(p('3.70281E+17')).toMatchObject({ ok: false, problem: { detail: 'STORED_AS_NUMBER' } });
    const r = p('110105194912310021');
    expect(JSON.stringify(r)).not.toContain('110105194912310021');
  });

  it('reads a township by code, village code, name, short name or former name', () => {
    expect(value(townshipParser('370281001'))).toBe('370281001');
    expect(value(townshipParser('370281001203'))).toBe('370281001');
    expect(value(townshipParser('阜安街道'))).toBe('370281001');
    expect(value(townshipParser('阜安'))).toBe('370281001');
    expect(value(townshipParser('胶州市李哥庄镇'))).toBe('370281102');
    expect(value(townshipParser('胶西镇'))).toBe('370281009');
    expect(value(townshipParser('370281110'))).toBe('370281009');
    expect(value(townshipParser('370281999'))).toBe('UNKNOWN_TOWNSHIP');
    expect(value(townshipParser('胶州新区'))).toBe('UNKNOWN_TOWNSHIP');
  });

  it.each([
    ['2024-03-01', '2024-03-01'],
    ['2024/3/1', '2024-03-01'],
    ['2024.3.1', '2024-03-01'],
    ['2024年3月1日', '2024-03-01'],
    ['２０２４年３月１日', '2024-03-01'],
    ['20240301', '2024-03-01'],
    ['2024/3/11 0:00', '2024-03-11'],
    ['2024-03-01 00:00:00', '2024-03-01'],
    [new Date(Date.UTC(2024, 2, 1)), '2024-03-01'],
    [45352, '2024-03-01'],
    ['2024-02-30', 'BAD_DATE'],
    ['2023-02-29', 'BAD_DATE'],
    ['3/1/2024', 'BAD_DATE'],
    ['下月', 'BAD_DATE'],
  ])('reads the date %j as %s', (cell, expected) => {
    expect(value(dateParser(cell))).toBe(expected);
  });

  it('converts Excel serial numbers (1900 system)', () => {
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(45658)).toBe('2025-01-01');
  });

  it('reads months', () => {
    expect(value(monthParser('2024-3'))).toBe('2024-03');
    expect(value(monthParser('2024年12月'))).toBe('2024-12');
    expect(value(monthParser('202401'))).toBe('2024-01');
    expect(value(monthParser('2024-13'))).toBe('BAD_DATE');
  });

  it('reads amounts: separators, currency signs, full-width digits, workbook floats; refuses text, negatives, zero', () => {
    const p = yuanParser({ max: '20000' });
    expect(value(p('1,234.5'))).toBe('1234.50');
    expect(value(p('¥８０元'))).toBe('80.00');
    expect(value(p(0.1 + 0.2))).toBe('0.30');
    expect(value(p(1234.567))).toBe('BAD_AMOUNT');
    expect(p('一千')).toMatchObject({ ok: false, problem: { reason: 'BAD_AMOUNT' } });
    expect(p('-100')).toMatchObject({ ok: false, problem: { reason: 'BAD_AMOUNT', detail: 'NEGATIVE' } });
    expect(p('0')).toMatchObject({ ok: false, problem: { detail: 'ZERO' } });
    expect(value(yuanParser({ allowZero: true })('0'))).toBe('0.00');
    expect(p('20000.01')).toMatchObject({ ok: false, problem: { detail: 'TOO_LARGE' } });
  });

  it('reads labels and codes of a list', () => {
    const p = choiceParser({ 住院: 'INPATIENT', 门诊: 'OUTPATIENT' });
    expect(value(p('住院'))).toBe('INPATIENT');
    expect(value(p(' outpatient '))).toBe('OUTPATIENT');
    expect(value(p('急诊'))).toBe('BAD_VALUE');
    expect(value(nameParser('张 三'))).toBe('张三');
  });
});

describe('roster files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-roster-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads CSV in UTF-8 with or without a BOM, and in GBK', () => {
    const text = '姓名,金额\r\n张三,"1,200"\r\n';
    expect(decodeCsv(Buffer.from('\uFEFF' + text, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeCsv(Buffer.from(text, 'utf8')).encoding).toBe('utf-8');
    // 姓名 in GBK
    const gbk = Buffer.concat([Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]), Buffer.from(',x\r\n')]);
    expect(decodeCsv(gbk)).toEqual({ text: '姓名,x\r\n', encoding: 'gb18030' });
    expect(parseCsvText(text)).toEqual([{ row: 1, cells: ['姓名', '金额'] }, { row: 2, cells: ['张三', '1,200'] }]);
  });

  it('keeps spreadsheet row numbers across blank lines and reads tab-separated text', () => {
    expect(parseCsvText('a\tb\n\n1\t2\n').map((r) => r.row)).toEqual([1, 2, 3]);
    expect(parseCsvText('a\tb\n1\t2\n')[1].cells).toEqual(['1', '2']);
  });

  it('writes and reads back a workbook: text, numbers, Excel dates', async () => {
    const file = path.join(dir, 'r.xlsx');
    await writeXlsxFile(file, [{ name: '花名册', rows: [['身份证号', '金额', '日期'], ['11010519491231002X', 1200.5, new Date(Date.UTC(2024, 2, 1))]], textColumns: [0] }]);
    const sheet = await readRosterFile(file);
    expect(sheet.format).toBe('xlsx');
    expect(sheet.sheet).toBe('花名册');
    expect(sheet.rows[1].cells[0]).toBe('11010519491231002X');
    expect(sheet.rows[1].cells[1]).toBe(1200.5);
    expect((sheet.rows[1].cells[2] as Date).toISOString().slice(0, 10)).toBe('2024-03-01');
    await expect(readRosterFile(file, { sheet: 'nope' })).rejects.toThrow(/no sheet named "nope" \(it has: 花名册\)/);
  });

  it('writes CSV with a BOM and quotes fields that need it', async () => {
    const file = path.join(dir, 'r.csv');
    writeCsvFile(file, [['a', 'b'], ['x,y', 'say "hi"']]);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect((await readRosterFile(file)).rows[1].cells).toEqual(['x,y', 'say "hi"']);
  });
});

describe('column mapping', () => {
  const fields: RosterField[] = [
    { key: 'name', header: '姓名', parse: nameParser, description: '' },
    { key: 'idNumber', header: '身份证号', aliases: ['身份证号码', '公民身份号码'], parse: idNumberParser(), description: '' },
    { key: 'note', header: '说明', required: false, parse: nameParser, description: '' },
  ];
  it('finds the header row below a title, through aliases and a mapping; ignores 序号 silently and lists other headers', () => {
    const rows = [
      { row: 1, cells: ['2024年花名册', null] },
      { row: 2, cells: ['序号', '户主姓名', '身份证号码', '联系电话'] },
    ];
    const m = mapColumns(rows, fields, { 户主姓名: '姓名' });
    expect(m.headerRow).toBe(2);
    expect([...m.columnOf]).toEqual([['name', 1], ['idNumber', 2]]);
    expect(m.ignored).toEqual(['联系电话']);
  });
  const withTownship: RosterField[] = [
    { key: 'name', header: '姓名', parse: nameParser, description: '' },
    { key: 'idNumber', header: '身份证号', parse: idNumberParser(), description: '' },
    { key: 'townshipCode', header: '乡镇/街道', parse: nameParser, description: '' },
    { key: 'villageCode', header: '村（社区）代码', required: false, parse: nameParser, description: '' },
    { key: 'amount', header: '金额', parse: nameParser, description: '' },
  ];
  it.each([
    ['所在镇（街道）', '公民身份号码', '姓名'],
    ['所在镇(街道)', '身份证号码', '姓 名'],
    ['所在镇 （ 街道 ）', '身份证号（18位）', '姓名*'],
    ['乡镇（街道）', '身份证件号码', '名字'],
    ['乡镇(街道)', '公民身份证号码', '人员姓名'],
    ['乡镇、街道', '居民身份证号码', '姓名'],
    ['乡镇／街道', '身份证', '姓名'],
    ['镇街', '证件号码', '姓名'],
    ['所属镇街', 'ＩＤＮＵＭＢＥＲ', '姓名'],
    ['所在乡镇', '身份证号', 'Name'],
    ['所属乡镇（街道）', '身份证号*', '姓名'],
    ['所在镇街道', '身份证号', '姓名'],
  ])('accepts the common forms of the shared columns: %s, %s, %s', (township, idNumber, name) => {
    const m = mapColumns([{ row: 1, cells: ['序号', name, idNumber, township, '金额（元）'] }], withTownship);
    expect([...m.columnOf]).toEqual([['name', 1], ['idNumber', 2], ['townshipCode', 3], ['amount', 4]]);
    expect(m.ignored).toEqual([]);
  });
  it('compares every header through one normalisation: NFKC width, brackets, spaces, separators, a trailing unit', () => {
    expect(normalizeHeader('所在镇（街道）')).toBe(normalizeHeader('所在镇(街道)'));
    expect(normalizeHeader('村（社区）代码')).toBe('村社区代码');
    expect(normalizeHeader('村(社区) 代码')).toBe('村社区代码');
    expect(normalizeHeader('乡镇/街道')).toBe('乡镇街道');
    expect(normalizeHeader('ＡＢＣ１２３')).toBe('abc123');
    expect(normalizeHeader('金额（元）*')).toBe('金额');
    expect(normalizeHeader('\u3000金\u200B额 ')).toBe('金额');
    // a header that is only a bracket keeps its text
    expect(normalizeHeader('（结束日期）')).toBe('结束日期');
    const m = mapColumns([{ row: 1, cells: ['姓名', '身份证号', '镇街', '村(社区)代码', '金额'] }], withTownship);
    expect(m.columnOf.get('villageCode')).toBe(3);
  });
  it('lists every accepted header of a field once, its own before the common synonyms', () => {
    const h = acceptedHeaders({ key: 'townshipCode', header: '乡镇/街道', aliases: ['乡镇', '所在镇（街道）'], parse: nameParser, description: '' });
    expect(h.slice(0, 3)).toEqual(['乡镇/街道', '乡镇', '所在镇（街道）']);
    expect(h).toContain('所属镇街');
    expect(new Set(h.map(normalizeHeader)).size).toBe(h.length);
    expect(COMMON_HEADER_SYNONYMS['身份证号']).toContain('公民身份号码');
  });
  it('gives a header another field of the roster names as its own to that field, not by a common synonym', () => {
    const fields2: RosterField[] = [
      { key: 'name', header: '姓名', parse: nameParser, description: '' },
      { key: 'idNumber', header: '身份证号', parse: idNumberParser(), description: '' },
      { key: 'street', header: '乡镇/街道', parse: nameParser, description: '' },
      { key: 'streetName', header: '街道名', aliases: ['街道'], parse: nameParser, description: '' },
    ];
    const m = mapColumns([{ row: 1, cells: ['姓名', '身份证号', '所在镇', '街道'] }], fields2);
    expect(m.columnOf.get('street')).toBe(2);
    expect(m.columnOf.get('streetName')).toBe(3);
  });
  it('refuses a file without a required column, with two columns for one field, or a mapping to no field', () => {
    expect(() => mapColumns([{ row: 1, cells: ['姓名', '说明'] }], fields)).toThrow(/required column 身份证号 is missing/);
    expect(() => mapColumns([{ row: 1, cells: ['姓名', '身份证号', '公民身份号码'] }], fields)).toThrow(RosterFileError);
    expect(() => mapColumns([{ row: 1, cells: ['姓名', '身份证号'] }], fields, { x: 'nothing' })).toThrow(/not a column/);
  });
});

describe('the import runner (SQLite)', () => {
  interface Toy {
    personId: string;
    year: string;
    amount: string;
  }
  const person = (n: number) => ({
    id: `00000000-0000-4000-8000-00000000000${n}`, name: ['张三', '李四', '王五'][n], birthDate: '1987-06-15', townshipCode: '370281001',
    householdId: null, status: 'ACTIVE', idNumber: makeIdNumber('370281', '1987-06-15', 101 + 2 * n),
  });
  const people = [person(0), person(1), person(2)];
  const adapter: RosterAdapter<Toy> = {
    subgraph: 'toy', department: 'EDUCATION', kind: 'toys', title: 'toy roster', idNumberField: 'idNumber', nameField: 'name',
    naturalKey: 'person + year',
    fields: [
      { key: 'name', header: '姓名', parse: nameParser, description: '' },
      { key: 'idNumber', header: '身份证号', parse: idNumberParser(today), description: '' },
      { key: 'year', header: '年度', parse: choiceParser({ '2024': '2024', '2025': '2025' }), description: '' },
      { key: 'amount', header: '金额', parse: yuanParser(), description: '' },
    ],
    toRecord: (v, r) => {
      if (v.amount === '999.00') throw badInput('too much for a toy', 'amount', 'TOO_MUCH');
      return { personId: r.person.id, year: v.year, amount: v.amount };
    },
    keyOf: (t) => `${t.personId}|${t.year}`,
    async apply(ctx, tx: EntityManager, t) {
      if (t.amount === '777.00') throw conflict('the ledger is closed', 'LEDGER_CLOSED');
      const [old] = await tx.query('SELECT amount FROM toy WHERE "personId" = ? AND year = ?', [t.personId, t.year]);
      if (old && old.amount === t.amount) return { outcome: 'unchanged' };
      if (old) {
        await tx.query('UPDATE toy SET amount = ? WHERE "personId" = ? AND year = ?', [t.amount, t.personId, t.year]);
        ctx.audit.noteWrite({ entity: 'Toy', key: t.personId, action: 'update', changes: { amount: [old.amount, t.amount] } });
        return { outcome: 'updated', changed: ['amount'] };
      }
      await tx.query('INSERT INTO toy ("personId", year, amount) VALUES (?, ?, ?)', [t.personId, t.year, t.amount]);
      ctx.audit.noteWrite({ entity: 'Toy', key: t.personId, action: 'create', changes: { amount: [null, t.amount] } });
      return { outcome: 'added' };
    },
  };
  const identity = { subject: 'test', role: 'department_officer' as const, department: 'EDUCATION' };
  const registry = staticRegistryLookup(people);
  let db: DataSource;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-roster-db-'));
  beforeAll(async () => {
    db = await openDatabase({ url: `sqlite:${path.join(dir, 'toy.sqlite')}`, entities: [AuditEntry], migrations: [AuditLog1764300000000] });
    await db.query('CREATE TABLE toy ("personId" varchar NOT NULL, year varchar NOT NULL, amount varchar NOT NULL)');
  });
  afterAll(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const sheet = (rows: (string | null)[][]) => ({ format: 'csv' as const, rows: rows.map((cells, i) => ({ row: i + 1, cells })) });
  const rows = () => db.query('SELECT "personId", year, amount FROM toy ORDER BY "personId", year');
  const audits = async () => Number((await db.query('SELECT COUNT(*) AS n FROM audit_log'))[0].n);

  it('adds, leaves unchanged, updates; rejects each bad row whole with its row number and column', async () => {
    const [a, b, c] = people;
    const clean = sheet([
      ['花名册', null, null, null],
      ['姓名', '身份证号', '年度', '金额'],
      [a.name, a.idNumber, '2024', '100'],
      [b.name, b.idNumber.toLowerCase(), '2024', '２００'],
      [null, null, null, null],
      ['合计', null, null, '300'],
    ]);
    const first = await importRoster({ adapter, sheet: clean, db, identity, registry });
    expect(first).toMatchObject({ headerRow: 2, rows: 3, added: 2, updated: 0, unchanged: 0, rejected: 0, skipped: 1 });
    expect(await audits()).toBe(2);
    const again = await importRoster({ adapter, sheet: clean, db, identity, registry });
    expect(again).toMatchObject({ added: 0, unchanged: 2, rejected: 0 });
    expect(await audits()).toBe(2);

    const before = await rows();
    const dry = await importRoster({
      adapter, db, identity, registry, dryRun: true,
      sheet: sheet([['姓名', '身份证号', '年度', '金额'], [a.name, a.idNumber, '2024', '150'], [c.name, c.idNumber, '2025', '50']]),
    });
    expect(dry).toMatchObject({ dryRun: true, added: 1, updated: 1, unchanged: 0 });
    expect(dry.results.find((r) => r.outcome === 'updated')?.changed).toEqual(['amount']);
    expect(await rows()).toEqual(before);
    expect(await audits()).toBe(2);

    const nobody = makeIdNumber('370281', '1990-01-01', 999);
    const wrongCheck = a.idNumber.slice(0, 17) + (a.idNumber[17] === '0' ? '1' : '0');
    const mixed = await importRoster({
      adapter, db, identity, registry,
      sheet: sheet([
        ['姓名', '身份证号', '年度', '金额'],
        [a.name, a.idNumber, '2024', '150'], // row 2: update
        [c.name, wrongCheck, '2024', '10'], // row 3: BAD_ID_NUMBER
        ['赵六', nobody, '2024', '10'], // row 4: NOT_IN_REGISTRY
        [b.name, c.idNumber, '2024', '10'], // row 5: NAME_MISMATCH
        [c.name, c.idNumber, '2026', '-5'], // row 6: BAD_VALUE + BAD_AMOUNT
        [c.name, c.idNumber, '2024', null], // row 7: REQUIRED
        [c.name, c.idNumber, '2024', '999'], // row 8: INVALID (the adapter's check)
        [c.name, c.idNumber, '2025', '777'], // row 9: CONFLICT (in apply)
        [a.name, a.idNumber, '2024', '150'], // row 10: DUPLICATE_ROW of row 2
      ]),
    });
    expect(mixed).toMatchObject({ rows: 9, added: 0, updated: 1, unchanged: 0, rejected: 8 });
    expect(mixed.rejects.map((r) => [r.row, r.column, r.reason, r.detail])).toEqual([
      [3, '身份证号', 'BAD_ID_NUMBER', 'CHECK_CHARACTER'],
      [4, '身份证号', 'NOT_IN_REGISTRY', ''],
      [5, '姓名', 'NAME_MISMATCH', ''],
      [6, '年度', 'BAD_VALUE', 'NOT_IN_LIST'],
      [6, '金额', 'BAD_AMOUNT', 'NEGATIVE'],
      [7, '金额', 'REQUIRED', ''],
      [8, '金额', 'INVALID', 'TOO_MUCH'],
      [9, '', 'CONFLICT', 'LEDGER_CLOSED'],
      [10, '', 'DUPLICATE_ROW', ''],
    ]);
    const report = JSON.stringify(rejectReportRows(mixed));
    for (const p of [...people.map((x) => x.idNumber), nobody, wrongCheck]) expect(report).not.toContain(p);
    expect(await rows()).toEqual([
      { personId: a.id, year: '2024', amount: '150.00' },
      { personId: b.id, year: '2024', amount: '200.00' },
    ]);
    expect(await audits()).toBe(3);
  });

  it('runs a service function that opens its own transaction inside the row\'s transaction (withinTransaction)', async () => {
    const ctx = createContext(identity, db, 'r1');
    // a department's function as written for a mutation: its own audited transaction
    const serviceWrite = (c: typeof ctx) =>
      auditedWrite(c, async (tx) => {
        await tx.query('INSERT INTO toy ("personId", year, amount) VALUES (?, ?, ?)', ['p-inner', '2030', '1.00']);
        c.audit.noteWrite({ entity: 'Toy', key: 'p-inner', action: 'create', changes: {} });
      });
    const audit = await audits();
    await expect(
      writeTransaction(db, async (tx) => {
        await serviceWrite(withinTransaction(ctx, tx));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await db.query(`SELECT * FROM toy WHERE "personId" = 'p-inner'`)).toEqual([]);
    expect(await audits()).toBe(audit);
    await writeTransaction(db, (tx) => serviceWrite(withinTransaction(ctx, tx)));
    expect(await db.query(`SELECT amount FROM toy WHERE "personId" = 'p-inner'`)).toEqual([{ amount: '1.00' }]);
    expect(await audits()).toBe(audit + 1);
  });

  it('answers the department\'s registry check (assertPersonsInRegistry) from the rows\' matches, without asking the registry again', async () => {
    let lookups = 0;
    const counting = { lookup: (n: readonly string[]) => (lookups++, registry.lookup(n)) };
    const seen: string[] = [];
    const checking: RosterAdapter<Toy> = {
      ...adapter,
      async apply(ctx, tx, t) {
        seen.push(...(await assertPersonsInRegistry(ctx, [{ id: t.personId, field: 'personId' }], { active: true })).keys());
        return adapter.apply(ctx, tx, t);
      },
    };
    const [a, b] = people;
    const report = await importRoster({
      adapter: checking, db, identity, registry: counting, dryRun: true,
      sheet: sheet([['姓名', '身份证号', '年度', '金额'], [a.name, a.idNumber, '2024', '10.00'], [b.name, b.idNumber, '2025', '11.00']]),
    });
    expect(report.rejected).toBe(0);
    expect(lookups).toBe(1);
    expect(seen.sort()).toEqual([a.id, b.id].sort());
  });

  it('refuses an importer of another department before reading anything', async () => {
    await expect(
      importRoster({ adapter, db, registry, sheet: sheet([['姓名']]), identity: { subject: 'x', role: 'department_officer', department: 'MEDICAL_SECURITY' } }),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});
