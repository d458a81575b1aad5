import { registerEnumType } from 'type-graphql';
import texts from './commitment-texts.json';

/** The data class of dishonesty records and the credit flag (kit classification.ts: credit). */
export const CREDIT_CLASS = 'credit' as const;

/**
 * 告知承诺书 One version of the commitment text an applicant signs (commitment-texts.json): kept for ever under its id,
 * in force from `effectiveFrom` to `effectiveTo` (both included; null: still in force). Versions do not overlap.
 */
export interface CommitmentText {
  id: string;
  title: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  clauses: string[];
}

/** Every commitment text, oldest first (commitment-texts.json; checked when the module loads). */
export const COMMITMENT_TEXTS: readonly CommitmentText[] = checkTexts(texts.texts as CommitmentText[]);

function checkTexts(list: CommitmentText[]): CommitmentText[] {
  const sorted = [...list].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  const ids = new Set<string>();
  sorted.forEach((t, i) => {
    if (ids.has(t.id)) throw new Error(`commitment-texts.json: the id ${t.id} is listed twice`);
    ids.add(t.id);
    if (t.effectiveTo && t.effectiveTo < t.effectiveFrom) throw new Error(`commitment-texts.json: ${t.id} ends before it begins`);
    const next = sorted[i + 1];
    if (next && (!t.effectiveTo || t.effectiveTo >= next.effectiveFrom)) throw new Error(`commitment-texts.json: ${t.id} overlaps ${next.id}`);
  });
  return sorted;
}

/** The commitment text with this id, or undefined. */
export function commitmentText(id: string): CommitmentText | undefined {
  return COMMITMENT_TEXTS.find((t) => t.id === id);
}

/** The commitment text in force on `on` (ISO date), or undefined when none is. */
export function commitmentTextInForce(on: string): CommitmentText | undefined {
  return COMMITMENT_TEXTS.find((t) => t.effectiveFrom <= on && (!t.effectiveTo || on <= t.effectiveTo));
}

/** A commitment is signed at most this many days before the application is submitted (a village assistant may collect it beforehand). */
export const COMMITMENT_MAX_AGE_DAYS = 30;

/** 签署人 Who signed the commitment. */
export enum CommitmentSigner {
  APPLICANT = 'APPLICANT',
  AGENT = 'AGENT',
}
registerEnumType(CommitmentSigner, {
  name: 'CommitmentSigner',
  description: '签署人 Who signed the commitment (告知承诺书).',
  valuesConfig: {
    APPLICANT: { description: '申请人本人 the applicant' },
    AGENT: { description: '委托代理人或监护人 an agent (a family member the applicant entrusted, or the guardian of an applicant without full capacity); the paper names the agent' },
  },
});

/** 失信行为 What the fraud was (社会救助暂行办法 第六十八条: 虚报、隐瞒、伪造等手段). */
export enum DishonestConduct {
  FALSE_REPORT = 'FALSE_REPORT',
  CONCEALMENT = 'CONCEALMENT',
  FORGERY = 'FORGERY',
  FALSE_CLAIM = 'FALSE_CLAIM',
}
registerEnumType(DishonestConduct, {
  name: 'DishonestConduct',
  description: '失信行为 The conduct confirmed (社会救助暂行办法 第六十八条: obtaining assistance by false report, concealment, forgery or other deceit).',
  valuesConfig: {
    FALSE_REPORT: { description: '虚报 a false report (household members, income, property)' },
    CONCEALMENT: { description: '隐瞒 concealment (of income, property, a change of circumstances)' },
    FORGERY: { description: '伪造 forged or altered documents' },
    FALSE_CLAIM: { description: '冒领 assistance claimed in another\'s name or after the entitlement ended (e.g. a deceased member\'s payments)' },
  },
});

/** 状态 The status of a dishonesty record as of a date (computed, never stored: see dishonestyStatus). */
export enum DishonestyStatus {
  IN_FORCE = 'IN_FORCE',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
  PENDING = 'PENDING',
}
registerEnumType(DishonestyStatus, {
  name: 'DishonestyStatus',
  description: '失信记录状态 The status of a dishonesty record on the service clock\'s today (AIDGRAPH_TODAY).',
  valuesConfig: {
    IN_FORCE: { description: '有效 in its period (startsOn..endsOn, both included) and not revoked: flagged on the person\'s applications submitted in it' },
    EXPIRED: { description: '已到期 its period has ended (after endsOn)' },
    REVOKED: { description: '已撤销 revoked with a reason (an appeal 行政复议/诉讼 upheld, a wrong finding): it never flags, its period counts no more' },
    PENDING: { description: '未开始 its period starts after today (only when the clock was set back: a record starts on or before the day it is made)' },
  },
});

/** The status of a record on `today` (ISO date): REVOKED, EXPIRED after endsOn, PENDING before startsOn, else IN_FORCE. */
export function dishonestyStatus(r: { revokedOn: string | null; startsOn: string; endsOn: string }, today: string): DishonestyStatus {
  if (r.revokedOn) return DishonestyStatus.REVOKED;
  if (r.endsOn < today) return DishonestyStatus.EXPIRED;
  if (today < r.startsOn) return DishonestyStatus.PENDING;
  return DishonestyStatus.IN_FORCE;
}

/** 法律依据 One legal basis a dishonesty record may cite (code, citation, what it says). */
export interface LegalBasis {
  code: string;
  citation: string;
  says: string;
}

/**
 * 法律依据 The legal bases a dishonesty record cites (codes). SA_ART68 is required in every record: it is the article
 * that defines the conduct; the others ground the record's sharing with the credit platform.
 */
export const LEGAL_BASES: readonly LegalBasis[] = [
  {
    code: 'SA_ART68',
    citation: '《社会救助暂行办法》（国务院令第649号）第六十八条',
    says: '采取虚报、隐瞒、伪造等手段骗取社会救助资金、物资或者服务的，由有关部门决定停止社会救助，责令退回非法获取的救助资金、物资，可以处非法获取的救助款额或者物资价值1倍以上3倍以下的罚款',
  },
  {
    code: 'GUOFA_2016_33',
    citation: '《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）',
    says: 'joint incentives for the trustworthy and joint constraints on the dishonest, through the shared credit information platform',
  },
  {
    code: 'SD_CREDIT_REGULATION',
    citation: '《山东省社会信用条例》',
    says: 'the province\'s rules on collecting, sharing and repairing public credit information',
  },
  {
    code: 'LUZHENGZI_2019_221',
    citation: '《山东省人民政府关于统筹完善社会救助体系的指导意见》（鲁政字〔2019〕221号）',
    says: 'the province\'s social assistance system, including credit supervision of recipients',
  },
  {
    code: 'JZ_2020_106',
    citation: '胶政发〔2020〕106号 (监管体系: 诚信监管)',
    says: 'Jiaozhou\'s unified social assistance system: commitments on application, dishonesty records for fraud, shared with the credit platform',
  },
];

/** The code every record must cite (the conduct's definition). */
export const REQUIRED_BASIS = 'SA_ART68';

/** A record's period is at most this many years (startsOn + 5 years - 1 day at the latest): a decision of this subgraph, the longest period credit rules commonly keep dishonesty information public. */
export const MAX_PERIOD_YEARS = 5;
