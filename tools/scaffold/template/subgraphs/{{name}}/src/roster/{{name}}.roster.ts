import type { EntityManager } from 'typeorm';
import { conflict, type SubgraphContext } from '@aidgraph/subgraph-kit';
import {
  choiceParser, dateParser, idNumberParser, nameParser, townshipParser, yuanParser, type RosterAdapter,
  type RosterField,
} from '@aidgraph/roster';
import { {{Record}} } from '../modules/{{record-kebab}}/{{record-kebab}}.entity';
import { DEPARTMENT, {{Record}}Status } from '../modules/{{record-kebab}}/{{record-kebab}}.enums';
import type { Record{{Record}}Input } from '../modules/{{record-kebab}}/{{record-kebab}}.input';
import { correct{{Record}}In, record{{Record}}In } from '../modules/{{record-kebab}}/{{record-kebab}}.service';

/** 状态 labels as the department writes them. */
export const STATUS_LABELS: Record<string, {{Record}}Status> = {
  已批准: {{Record}}Status.APPROVED, 待发放: {{Record}}Status.APPROVED,
  已发放: {{Record}}Status.PAID,
  已撤销: {{Record}}Status.REVOKED,
};

/** One row of the roster, as the department's input (plus the status it has reached). */
export interface {{Record}}RosterRecord extends Record{{Record}}Input {
  status?: {{Record}}Status;
}

const FIELDS: RosterField[] = [
  { key: 'name', header: '姓名', aliases: ['受助人姓名', '申请人姓名'], parse: nameParser, description: 'the person\'s name, as in the registry' },
  { key: 'idNumber', header: '身份证号', aliases: ['身份证号码', '公民身份号码', '证件号码'], parse: idNumberParser(), description: 'the person\'s resident ID number' },
  { key: 'townshipCode', header: '乡镇/街道', aliases: ['乡镇', '街道', '镇街', '乡镇街道', '所属镇街'], parse: townshipParser, description: 'township that handled the application: code or name' },
  { key: 'amount', header: '金额', aliases: ['救助金额', '发放金额'], parse: yuanParser({ max: '100000' }), description: 'yuan, above 0, at most 100000' },
  { key: 'decidedOn', header: '决定日期', aliases: ['审批日期', '批准日期'], parse: dateParser, description: 'date of the decision' },
  { key: 'status', header: '状态', aliases: ['发放状态'], required: false, parse: choiceParser(STATUS_LABELS), description: 'optional: 已批准 (default), 已发放 or 已撤销' },
];

/**
 * {{programme}}花名册 The {{programme}} roster: one row per person and decision date (the natural key, the service's own
 * uniqueness rule DUPLICATE_RECORD). A row whose record exists is compared with it: amount and status are corrected;
 * another township is a CONFLICT (revoke the record and add it again in the back office).
 */
export const {{record}}Roster: RosterAdapter<{{Record}}RosterRecord> = {
  subgraph: '{{name}}',
  department: DEPARTMENT,
  kind: '{{records-kebab}}',
  title: '{{programme}}花名册 {{programme}} roster',
  fields: FIELDS,
  idNumberField: 'idNumber',
  nameField: 'name',
  naturalKey: 'person + 决定日期 decision date',
  toRecord: (v, row) => ({ personId: row.person.id, townshipCode: v.townshipCode, amount: v.amount, decidedOn: v.decidedOn, status: v.status }),
  keyOf: (r) => `${r.personId}|${r.decidedOn}`,
  fieldFor: (f) => (f === 'personId' ? 'idNumber' : f === 'id' ? undefined : f),
  async apply(ctx: SubgraphContext, tx: EntityManager, r) {
    const { status, ...input } = r;
    const existing = await tx.getRepository({{Record}}).find({ where: { personId: r.personId, decidedOn: r.decidedOn }, order: { id: 'ASC' } });
    const current = existing.find((e) => e.status !== {{Record}}Status.REVOKED) ?? (status === {{Record}}Status.REVOKED ? existing[0] : undefined);
    if (!current) {
      const rec = await record{{Record}}In(ctx, tx, input);
      if (status && status !== rec.status) await correct{{Record}}In(ctx, tx, { id: rec.id, status });
      return { outcome: 'added', id: rec.id };
    }
    if (current.townshipCode !== r.townshipCode)
      throw conflict('the record is kept for another township: revoke it and add it again in the back office', 'RECORDED_DIFFERENTLY');
    const next = { amount: r.amount, status: status ?? current.status };
    const changed = (['amount', 'status'] as const).filter((k) => next[k] !== current[k]);
    if (!changed.length) return { outcome: 'unchanged', id: current.id };
    await correct{{Record}}In(ctx, tx, { id: current.id, ...Object.fromEntries(changed.map((k) => [k, next[k]])) });
    return { outcome: 'updated', id: current.id, changed: [...changed] };
  },
};

/** The {{name}} subgraph's rosters (the import command's --kind; the first is the default). */
export const rosterAdapters: RosterAdapter[] = [{{record}}Roster];
