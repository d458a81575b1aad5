import type { EntityManager } from 'typeorm';
import { conflict, type SubgraphContext, type Yuan } from '@aidgraph/subgraph-kit';
import {
  RosterRowError, cellText, choiceParser, codeText, dateParser, idNumberParser, monthParser, nameParser, parseFail,
  parseOk, textParser, townshipParser, withinTransaction, yuanParser, type CellParser, type RosterAdapter,
  type RosterField, type RowContext,
} from '@aidgraph/roster';
import { HOUSING } from '../modules/common/checks';
import { parseFloorArea, type FloorArea } from '../modules/common/floor-area';
import { RentSubsidy } from '../modules/rent-subsidy/rent-subsidy.entity';
import { RentSubsidyStatus } from '../modules/rent-subsidy/rent-subsidy.enums';
import { correctRentSubsidy, recordRentSubsidy } from '../modules/rent-subsidy/rent-subsidy.service';
import { PublicRentalAllocation } from '../modules/public-rental-allocation/public-rental-allocation.entity';
import { PublicRentalAllocationStatus } from '../modules/public-rental-allocation/public-rental-allocation.enums';
import { correctPublicRentalAllocation, recordPublicRentalAllocation } from '../modules/public-rental-allocation/public-rental-allocation.service';
import { DilapidatedHouseRenovation } from '../modules/dilapidated-house-renovation/dilapidated-house-renovation.entity';
import { DilapidatedHouseGrade, DilapidatedHouseRenovationStatus } from '../modules/dilapidated-house-renovation/dilapidated-house-renovation.enums';
import {
  correctDilapidatedHouseRenovation, recordDilapidatedHouseRenovation,
} from '../modules/dilapidated-house-renovation/dilapidated-house-renovation.service';

/**
 * The housing rosters. Housing's service functions open their own transaction (housingWrite); the adapters call them
 * through the kit's `withinTransaction`, so that they run inside the import's row transaction (whole or not at all,
 * rolled back in a dry run) with housing's own checks and exclusion rules unchanged.
 */

/** 租赁补贴状态 labels. */
export const RENT_SUBSIDY_STATUS_LABELS: Record<string, RentSubsidyStatus> = {
  发放中: RentSubsidyStatus.ACTIVE, 正常: RentSubsidyStatus.ACTIVE,
  已停发: RentSubsidyStatus.ENDED, 停发: RentSubsidyStatus.ENDED,
  已撤销: RentSubsidyStatus.REVOKED,
};

/** 配租状态 labels. */
export const PUBLIC_RENTAL_STATUS_LABELS: Record<string, PublicRentalAllocationStatus> = {
  在租: PublicRentalAllocationStatus.ACTIVE,
  已退租: PublicRentalAllocationStatus.ENDED, 退租: PublicRentalAllocationStatus.ENDED,
  已撤销: PublicRentalAllocationStatus.CANCELLED,
};

/** 危房等级 labels. */
export const HOUSE_GRADE_LABELS: Record<string, DilapidatedHouseGrade> = {
  C级: DilapidatedHouseGrade.C, 局部危房: DilapidatedHouseGrade.C,
  D级: DilapidatedHouseGrade.D, 整栋危房: DilapidatedHouseGrade.D,
};

/** 改造状态 labels. */
export const RENOVATION_STATUS_LABELS: Record<string, DilapidatedHouseRenovationStatus> = {
  已批准: DilapidatedHouseRenovationStatus.APPROVED,
  施工中: DilapidatedHouseRenovationStatus.IN_PROGRESS,
  已竣工: DilapidatedHouseRenovationStatus.COMPLETED,
  已撤销: DilapidatedHouseRenovationStatus.CANCELLED,
};

/** 建筑面积 in m² ("45.5", "45.50㎡", "45.5平方米", a number cell): canonical "45.50". */
export const floorAreaParser: CellParser<FloorArea> = (cell) => {
  const v = parseFloorArea(typeof cell === 'number' ? cell : codeText(cell));
  return v === null ? parseFail('BAD_VALUE', 'not a floor area in m² with at most two decimals, e.g. 45.50', 'BAD_AREA') : parseOk(v);
};

/** 村（社区）代码: a 12-digit village-level division code. */
export const villageCodeParser: CellParser<string> = (cell) => {
  const s = codeText(typeof cell === 'number' ? String(cell) : cellText(cell));
  return /^\d{12}$/.test(s) ? parseOk(s) : parseFail('BAD_VALUE', 'not a 12-digit village (community) code, e.g. 370281102201', 'BAD_VILLAGE_CODE');
};

const NAME: RosterField = { key: 'name', header: '姓名', aliases: ['申请人姓名', '申请人', '户主姓名'], parse: nameParser, description: 'the applicant\'s name, as in the registry' };
const ID_NUMBER: RosterField = { key: 'idNumber', header: '身份证号', aliases: ['身份证号码', '公民身份号码', '证件号码', '申请人身份证号'], parse: idNumberParser(), description: 'the applicant\'s resident ID number (the household is the applicant\'s in the registry)' };
const TOWNSHIP: RosterField = { key: 'townshipCode', header: '乡镇/街道', aliases: ['乡镇', '街道', '镇街', '乡镇街道', '所属镇街', '乡镇（街道）'], parse: townshipParser, description: 'township that handled the application: code or name' };

/** The applicant's household, from the registry. */
function householdOf(row: RowContext): string {
  if (!row.person.householdId)
    throw new RosterRowError([{ field: 'idNumber', reason: 'INVALID', detail: 'NO_HOUSEHOLD', message: 'the registry has no household for this person' }]);
  return row.person.householdId;
}

/** Fields of a recorded record that a roster cannot change (they identify the case): a CONFLICT when they differ. */
function assertSame<T extends object>(recorded: T, row: T, keys: (keyof T)[]): void {
  const differ = keys.filter((k) => recorded[k] !== row[k]);
  if (differ.length) throw conflict(`recorded with another ${differ.join(', ')}: correct it in the back office`, 'RECORDED_DIFFERENTLY');
}

/** The fields of `row` that are given and differ from `recorded`. */
function differing<T extends object>(recorded: T, row: Partial<T>, keys: (keyof T)[]): (keyof T)[] {
  return keys.filter((k) => row[k] != null && recorded[k] !== row[k]);
}

export interface RentSubsidyRosterRecord {
  householdId: string;
  personId: string;
  townshipCode: string;
  monthlyAmount: Yuan;
  startMonth: string;
  endMonth: string;
  status?: RentSubsidyStatus;
}

/**
 * 租赁补贴花名册 The rent subsidy roster: one row per subsidy period of a household (given by its applicant). Natural
 * key: the household and the first month. A new period is recorded (recordRentSubsidy, ACTIVE; then its status when the
 * roster gives another): list a household's earlier, ended period before its current one. A recorded period gets its
 * monthly amount, last month and status corrected (correctRentSubsidy, under the same rules).
 */
export const rentSubsidyRoster: RosterAdapter<RentSubsidyRosterRecord> = {
  subgraph: 'housing',
  department: HOUSING,
  kind: 'rent-subsidies',
  title: '租赁补贴花名册 rent subsidy roster',
  fields: [
    NAME, ID_NUMBER, TOWNSHIP,
    { key: 'monthlyAmount', header: '月补贴金额', aliases: ['补贴金额', '月补贴', '每月补贴', '金额'], parse: yuanParser({ max: '5000' }), description: 'yuan a month, above 0, at most 5000' },
    { key: 'startMonth', header: '起始月份', aliases: ['开始月份', '补贴起始月', '起始年月'], parse: monthParser, description: 'first month, e.g. 2025-03' },
    { key: 'endMonth', header: '终止月份', aliases: ['结束月份', '补贴终止月', '终止年月'], parse: monthParser, description: 'last month (at most 12 in all)' },
    { key: 'status', header: '状态', aliases: ['发放状态'], required: false, parse: choiceParser(RENT_SUBSIDY_STATUS_LABELS), description: 'optional: 发放中 (default), 已停发 or 已撤销' },
  ],
  idNumberField: 'idNumber',
  nameField: 'name',
  naturalKey: 'household + 起始月份 first month',
  toRecord: (v, row) => ({
    householdId: householdOf(row), personId: row.person.id, townshipCode: v.townshipCode, monthlyAmount: v.monthlyAmount,
    startMonth: v.startMonth, endMonth: v.endMonth, status: v.status,
  }),
  keyOf: (r) => `${r.householdId}|${r.startMonth}`,
  fieldFor: (f) => (f === 'householdId' || f === 'applicantId' ? 'idNumber' : f === 'id' ? undefined : f),
  async apply(ctx: SubgraphContext, tx: EntityManager, r) {
    const c = withinTransaction(ctx, tx);
    const recorded = await tx.getRepository(RentSubsidy).findOneBy({ householdId: r.householdId, startMonth: r.startMonth });
    if (!recorded) {
      const s = await recordRentSubsidy(c, { householdId: r.householdId, applicantId: r.personId, townshipCode: r.townshipCode, monthlyAmount: r.monthlyAmount, startMonth: r.startMonth, endMonth: r.endMonth });
      if (r.status && r.status !== s.status) await correctRentSubsidy(c, { id: s.id, status: r.status });
      return { outcome: 'added', id: s.id };
    }
    assertSame(recorded, r as RentSubsidy, ['personId', 'townshipCode']);
    const changed = differing(recorded, r as Partial<RentSubsidy>, ['monthlyAmount', 'endMonth', 'status']);
    if (!changed.length) return { outcome: 'unchanged', id: recorded.id };
    await correctRentSubsidy(c, { id: recorded.id, ...Object.fromEntries(changed.map((k) => [k, r[k as keyof RentSubsidyRosterRecord]])) });
    return { outcome: 'updated', id: recorded.id, changed: changed as string[] };
  },
};

export interface PublicRentalRosterRecord {
  householdId: string;
  personId: string;
  townshipCode: string;
  dwellingAddress: string;
  area: FloorArea;
  monthlyRent: Yuan;
  leaseStart: string;
  leaseEnd: string;
  status?: PublicRentalAllocationStatus;
}

/**
 * 公租房配租花名册 The public rental allocation roster: one row per lease of a household (given by its applicant).
 * Natural key: the household and the first day of the lease. A new lease is recorded (recordPublicRentalAllocation,
 * ACTIVE; then its status when the roster gives another); a recorded one gets its dwelling, area, rent, last day and
 * status corrected (correctPublicRentalAllocation).
 */
export const publicRentalRoster: RosterAdapter<PublicRentalRosterRecord> = {
  subgraph: 'housing',
  department: HOUSING,
  kind: 'public-rentals',
  title: '公租房配租花名册 public rental allocation roster',
  fields: [
    NAME, ID_NUMBER, TOWNSHIP,
    { key: 'dwellingAddress', header: '房源地址', aliases: ['住房地址', '房屋地址', '房号'], parse: textParser({ max: 200 }), description: 'the dwelling (estate, building, unit, room)' },
    { key: 'area', header: '建筑面积', aliases: ['面积', '住房面积'], parse: floorAreaParser, description: 'm², 10 to 60' },
    { key: 'monthlyRent', header: '月租金', aliases: ['租金', '每月租金'], parse: yuanParser({ max: '5000' }), description: 'yuan a month' },
    { key: 'leaseStart', header: '租赁起始日', aliases: ['起租日期', '租赁开始日期', '合同起始日'], parse: dateParser, description: 'first day of the lease' },
    { key: 'leaseEnd', header: '租赁终止日', aliases: ['租赁结束日期', '合同终止日', '退租日期'], parse: dateParser, description: 'last day of the lease (at most 5 years)' },
    { key: 'status', header: '状态', aliases: ['租赁状态'], required: false, parse: choiceParser(PUBLIC_RENTAL_STATUS_LABELS), description: 'optional: 在租 (default), 已退租 or 已撤销' },
  ],
  idNumberField: 'idNumber',
  nameField: 'name',
  naturalKey: 'household + 租赁起始日 first day of the lease',
  toRecord: (v, row) => ({
    householdId: householdOf(row), personId: row.person.id, townshipCode: v.townshipCode, dwellingAddress: v.dwellingAddress, area: v.area,
    monthlyRent: v.monthlyRent, leaseStart: v.leaseStart, leaseEnd: v.leaseEnd, status: v.status,
  }),
  keyOf: (r) => `${r.householdId}|${r.leaseStart}`,
  fieldFor: (f) => (f === 'householdId' || f === 'applicantId' ? 'idNumber' : f === 'id' ? undefined : f),
  async apply(ctx: SubgraphContext, tx: EntityManager, r) {
    const c = withinTransaction(ctx, tx);
    const recorded = await tx.getRepository(PublicRentalAllocation).findOneBy({ householdId: r.householdId, leaseStart: r.leaseStart });
    if (!recorded) {
      const { status, householdId, personId, ...rest } = r;
      const a = await recordPublicRentalAllocation(c, { householdId, applicantId: personId, ...rest });
      if (status && status !== a.status) await correctPublicRentalAllocation(c, { id: a.id, status });
      return { outcome: 'added', id: a.id };
    }
    assertSame(recorded, r as PublicRentalAllocation, ['personId', 'townshipCode']);
    const changed = differing(recorded, r as Partial<PublicRentalAllocation>, ['dwellingAddress', 'area', 'monthlyRent', 'leaseEnd', 'status']);
    if (!changed.length) return { outcome: 'unchanged', id: recorded.id };
    await correctPublicRentalAllocation(c, { id: recorded.id, ...Object.fromEntries(changed.map((k) => [k, r[k as keyof PublicRentalRosterRecord]])) });
    return { outcome: 'updated', id: recorded.id, changed: changed as string[] };
  },
};

export interface RenovationRosterRecord {
  householdId: string;
  personId: string;
  townshipCode: string;
  villageCode: string;
  grade: DilapidatedHouseGrade;
  subsidy: Yuan;
  assessedOn: string;
  completedOn?: string;
  status?: DilapidatedHouseRenovationStatus;
}

/**
 * 农村危房改造花名册 The rural dilapidated-house renovation roster: one row per renovation of a household (given by its
 * applicant). Natural key: the household and the assessment date. A new renovation is recorded
 * (recordDilapidatedHouseRenovation: COMPLETED with a completion date, else APPROVED; then the roster's status); a
 * recorded one gets its grade, subsidy, completion date and status corrected (correctDilapidatedHouseRenovation).
 */
export const renovationRoster: RosterAdapter<RenovationRosterRecord> = {
  subgraph: 'housing',
  department: HOUSING,
  kind: 'renovations',
  title: '农村危房改造花名册 rural dilapidated-house renovation roster',
  fields: [
    NAME, ID_NUMBER, TOWNSHIP,
    { key: 'villageCode', header: '村（社区）代码', aliases: ['村代码', '村居代码', '行政村代码'], parse: villageCodeParser, description: '12-digit code of the village (a village committee\'s, not an urban community\'s)' },
    { key: 'grade', header: '危房等级', aliases: ['鉴定等级', '等级'], parse: choiceParser(HOUSE_GRADE_LABELS), description: 'C级 (局部危房) or D级 (整栋危房)' },
    { key: 'subsidy', header: '补助金额', aliases: ['补助资金', '补助', '金额'], parse: yuanParser({ max: '100000' }), description: 'yuan, above 0, at most 100000' },
    { key: 'assessedOn', header: '鉴定日期', aliases: ['评定日期', '鉴定时间'], parse: dateParser, description: 'date of the assessment' },
    { key: 'completedOn', header: '竣工日期', aliases: ['竣工验收日期', '完工日期'], required: false, parse: dateParser, description: 'optional: when the works were accepted' },
    { key: 'status', header: '状态', aliases: ['改造状态'], required: false, parse: choiceParser(RENOVATION_STATUS_LABELS), description: 'optional: 已批准, 施工中, 已竣工 or 已撤销 (default: 已竣工 with a completion date, else 已批准)' },
  ],
  idNumberField: 'idNumber',
  nameField: 'name',
  naturalKey: 'household + 鉴定日期 assessment date',
  toRecord: (v, row) => ({
    householdId: householdOf(row), personId: row.person.id, townshipCode: v.townshipCode, villageCode: v.villageCode, grade: v.grade,
    subsidy: v.subsidy, assessedOn: v.assessedOn, completedOn: v.completedOn, status: v.status,
  }),
  keyOf: (r) => `${r.householdId}|${r.assessedOn}`,
  fieldFor: (f) => (f === 'householdId' || f === 'applicantId' ? 'idNumber' : f === 'id' ? undefined : f),
  async apply(ctx: SubgraphContext, tx: EntityManager, r) {
    const c = withinTransaction(ctx, tx);
    const recorded = await tx.getRepository(DilapidatedHouseRenovation).findOneBy({ householdId: r.householdId, assessedOn: r.assessedOn });
    if (!recorded) {
      const x = await recordDilapidatedHouseRenovation(c, {
        householdId: r.householdId, applicantId: r.personId, townshipCode: r.townshipCode, villageCode: r.villageCode, grade: r.grade,
        subsidy: r.subsidy, assessedOn: r.assessedOn, completedOn: r.completedOn ?? null,
      });
      if (r.status && r.status !== x.status) await correctDilapidatedHouseRenovation(c, { id: x.id, status: r.status });
      return { outcome: 'added', id: x.id };
    }
    assertSame(recorded, r as DilapidatedHouseRenovation, ['personId', 'townshipCode', 'villageCode']);
    const changed = differing(recorded, r as Partial<DilapidatedHouseRenovation>, ['grade', 'subsidy', 'completedOn', 'status']);
    if (!changed.length) return { outcome: 'unchanged', id: recorded.id };
    await correctDilapidatedHouseRenovation(c, { id: recorded.id, ...Object.fromEntries(changed.map((k) => [k, r[k as keyof RenovationRosterRecord]])) });
    return { outcome: 'updated', id: recorded.id, changed: changed as string[] };
  },
};

/** The housing subgraph's rosters (the import command's --kind; the first is the default). */
export const rosterAdapters: RosterAdapter[] = [rentSubsidyRoster, publicRentalRoster, renovationRoster];
