import type { EntityManager } from 'typeorm';
import { badInput, conflict, type SubgraphContext, type Yuan } from '@aidgraph/subgraph-kit';
import {
  RosterRowError, choiceParser, dateParser, idNumberParser, nameParser, textParser, townshipParser, yuanParser,
  type RosterAdapter, type RosterField,
} from '@aidgraph/roster';
import { CharityProject } from '../modules/charity-project/charity-project.entity';
import { CHARITY_FEDERATION } from '../modules/charity-project/charity-project.service';
import { CharityGrant } from '../modules/charity-grant/charity-grant.entity';
import { CharityGrantStatus, CharityRecipientKind } from '../modules/charity-grant/charity-grant.enums';
import { correctCharityGrantIn, recordCharityGrantIn } from '../modules/charity-grant/charity-grant.service';

/** 救助对象类型 labels: a grant to the person, or to the whole household (按户发放). */
export const RECIPIENT_KIND_LABELS: Record<string, CharityRecipientKind> = {
  个人: CharityRecipientKind.PERSON, 本人: CharityRecipientKind.PERSON,
  家庭: CharityRecipientKind.HOUSEHOLD, 户: CharityRecipientKind.HOUSEHOLD, 按户: CharityRecipientKind.HOUSEHOLD,
};

/** One row of the charity grant roster. */
export interface CharityGrantRosterRecord {
  projectName: string;
  recipientKind: CharityRecipientKind;
  personId: string | null;
  householdId: string | null;
  townshipCode: string;
  amount: Yuan;
  grantedOn: string;
  reason: string;
}

const FIELDS: RosterField[] = [
  { key: 'projectName', header: '项目名称', aliases: ['慈善项目', '项目'], parse: textParser({ max: 100 }), description: 'the charity project paying, by its name' },
  { key: 'name', header: '姓名', aliases: ['受助人姓名', '受助人', '户主姓名'], parse: nameParser, description: 'the recipient (for a household: a member, usually the head), as in the registry' },
  { key: 'idNumber', header: '身份证号', aliases: ['身份证号码', '公民身份号码', '证件号码'], parse: idNumberParser(), description: 'that person\'s resident ID number' },
  { key: 'recipientKind', header: '救助对象类型', aliases: ['对象类型', '发放对象'], required: false, parse: choiceParser(RECIPIENT_KIND_LABELS), description: 'optional: 个人 (default) or 家庭 (the person\'s household)' },
  { key: 'townshipCode', header: '乡镇/街道', aliases: ['乡镇', '街道', '镇街', '乡镇街道', '所属镇街', '乡镇（街道）'], parse: townshipParser, description: 'township that handled the case: code or name' },
  { key: 'amount', header: '金额', aliases: ['救助金额', '发放金额', '资助金额'], parse: yuanParser({ max: '200000' }), description: 'yuan, above 0, at most 200000 and the project\'s balance' },
  { key: 'grantedOn', header: '发放日期', aliases: ['救助日期', '资助日期'], parse: dateParser, description: 'date of the grant, within the project\'s period' },
  { key: 'reason', header: '救助事由', aliases: ['事由', '救助原因', '资助事由'], parse: textParser({ max: 200 }), description: 'why (sensitive: may name an illness)' },
];

/**
 * 慈善救助花名册 The charity grant roster: one row per grant from a project to a person or a household. Natural key: the
 * project (by name), the recipient and the date. A new grant is recorded (recordCharityGrant: an OPEN project, within
 * its period and balance); a recorded one gets its amount, reason and township corrected (the balance rule applies).
 */
export const charityGrantRoster: RosterAdapter<CharityGrantRosterRecord> = {
  subgraph: 'charity',
  department: CHARITY_FEDERATION,
  kind: 'grants',
  title: '慈善救助花名册 charity grant roster',
  fields: FIELDS,
  idNumberField: 'idNumber',
  nameField: 'name',
  naturalKey: '项目名称 project + recipient (the person, or the household for 家庭) + 发放日期 date',
  toRecord(v, row) {
    const recipientKind: CharityRecipientKind = v.recipientKind ?? CharityRecipientKind.PERSON;
    if (recipientKind === CharityRecipientKind.HOUSEHOLD && !row.person.householdId)
      throw badInput('the registry has no household for this person', 'recipientKind', 'NO_HOUSEHOLD');
    return {
      projectName: v.projectName, recipientKind,
      personId: recipientKind === CharityRecipientKind.PERSON ? row.person.id : null,
      householdId: recipientKind === CharityRecipientKind.HOUSEHOLD ? row.person.householdId : null,
      townshipCode: v.townshipCode, amount: v.amount, grantedOn: v.grantedOn, reason: v.reason,
    };
  },
  keyOf: (r) => `${r.projectName}|${r.personId ?? `household:${r.householdId}`}|${r.grantedOn}`,
  fieldFor: (f) => (f === 'personId' || f === 'householdId' ? 'idNumber' : f === 'projectId' ? 'projectName' : f === 'id' ? undefined : f),
  async apply(ctx: SubgraphContext, tx: EntityManager, r) {
    const projects = await tx.getRepository(CharityProject).findBy({ name: r.projectName });
    if (!projects.length)
      throw new RosterRowError([{ field: 'projectName', reason: 'NOT_FOUND', detail: 'UNKNOWN_PROJECT', message: 'no charity project has this name' }]);
    if (projects.length > 1) throw conflict('several charity projects have this name: rename one', 'AMBIGUOUS_PROJECT');
    const projectId = projects[0].id;
    const recipient = r.personId ? { personId: r.personId } : { householdId: r.householdId! };
    const recorded = await tx.getRepository(CharityGrant).findOneBy({ projectId, grantedOn: r.grantedOn, status: CharityGrantStatus.GRANTED, ...recipient });
    if (!recorded) {
      const g = await recordCharityGrantIn(ctx, tx, { projectId, ...recipient, townshipCode: r.townshipCode, amount: r.amount, grantedOn: r.grantedOn, reason: r.reason });
      return { outcome: 'added', id: g.id };
    }
    // compared first: an unchanged grant of a project closed since is unchanged, not a conflict
    const fields = (['amount', 'reason', 'townshipCode'] as const).filter((k) => recorded[k] !== r[k]);
    if (!fields.length) return { outcome: 'unchanged', id: recorded.id };
    const changed = await correctCharityGrantIn(ctx, tx, { id: recorded.id, ...Object.fromEntries(fields.map((k) => [k, r[k]])) });
    return { outcome: 'updated', id: recorded.id, changed };
  },
};

/** The charity subgraph's rosters (the import command's --kind; the first is the default). */
export const rosterAdapters: RosterAdapter[] = [charityGrantRoster];
