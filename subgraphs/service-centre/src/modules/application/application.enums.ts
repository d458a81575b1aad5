import { registerEnumType } from 'type-graphql';

/** The department that owns this subgraph's records (市社会救助综合服务中心（一窗受理平台，隶属市民政局）; programmes.json `departments`). */
export const DEPARTMENT = 'SOCIAL_ASSISTANCE_CENTRE';

/** The data class of applications and everything of them (kit classification.ts: the township's staff, the village's assistant, the centre and civil affairs, auditors; analysts count). */
export const APPLICATION_CLASS = 'application' as const;

/** 受理渠道 How an application reached the township's window. */
export enum ApplicationChannel {
  WINDOW = 'WINDOW',
  VILLAGE_ASSISTANT = 'VILLAGE_ASSISTANT',
  SELF_SERVICE = 'SELF_SERVICE',
}
registerEnumType(ApplicationChannel, {
  name: 'ApplicationChannel',
  description: '受理渠道 How an application reached the township\'s single window (一窗受理).',
  valuesConfig: {
    WINDOW: { description: '窗口受理 in person at the township\'s window, taken by a caseworker' },
    VILLAGE_ASSISTANT: { description: '帮办代办 submitted on the family\'s behalf by the village or community assistant (协理员)' },
    SELF_SERVICE: { description: '自助申请 self-service (online or at a terminal); not taken through this API yet' },
  },
});

/**
 * 办理环节 The steps of an application (fixed names: the time limits build on them). The order of the normal path:
 * SUBMITTED → INVESTIGATION → VERIFICATION → PRELIMINARY_REVIEW → PUBLIC_NOTICE → CONFIRMED / REFUSED → CLOSED.
 */
export enum ApplicationStep {
  SUBMITTED = 'SUBMITTED',
  NOT_ACCEPTED = 'NOT_ACCEPTED',
  INVESTIGATION = 'INVESTIGATION',
  VERIFICATION = 'VERIFICATION',
  PRELIMINARY_REVIEW = 'PRELIMINARY_REVIEW',
  PUBLIC_NOTICE = 'PUBLIC_NOTICE',
  CONFIRMED = 'CONFIRMED',
  REFUSED = 'REFUSED',
  CLOSED = 'CLOSED',
}
registerEnumType(ApplicationStep, {
  name: 'ApplicationStep',
  description: '办理环节 The step an application is at.',
  valuesConfig: {
    SUBMITTED: { description: '已申请 submitted, waiting for the township\'s acceptance (受理)' },
    NOT_ACCEPTED: { description: '不予受理 not accepted (with the reason)' },
    INVESTIGATION: { description: '入户调查 accepted: household investigation (home visits)' },
    VERIFICATION: { description: '经济状况核对 household economic status verification' },
    PRELIMINARY_REVIEW: { description: '审核（初审） preliminary review by the township\'s caseworker' },
    PUBLIC_NOTICE: { description: '公示 public notice of 7 calendar days in the village or community' },
    CONFIRMED: { description: '审核确认 confirmed by the township approver' },
    REFUSED: { description: '不予批准 refused, with written reasons' },
    CLOSED: { description: '办结 closed (the file is complete)' },
  },
});

/** Steps from which nothing but closing follows. */
export const DECIDED_STEPS: readonly ApplicationStep[] = [ApplicationStep.NOT_ACCEPTED, ApplicationStep.CONFIRMED, ApplicationStep.REFUSED];

/** 材料状态 The state of one required document of an application. */
export enum DocumentState {
  PROVIDED = 'PROVIDED',
  COMMITMENT = 'COMMITMENT',
  MISSING = 'MISSING',
}
registerEnumType(DocumentState, {
  name: 'DocumentState',
  description: '材料状态 The state of a required document.',
  valuesConfig: {
    PROVIDED: { description: '已提交 provided' },
    COMMITMENT: { description: '告知承诺 replaced by a commitment the applicant signed (告知承诺制)' },
    MISSING: { description: '缺少 missing (listed in the one-time notice 一次性告知 at acceptance)' },
  },
});

/** 初审意见 The caseworker's preliminary decision. */
export enum PreliminaryProposal {
  APPROVE = 'APPROVE',
  REFUSE = 'REFUSE',
}
registerEnumType(PreliminaryProposal, {
  name: 'PreliminaryProposal',
  description: '初审意见 The caseworker\'s preliminary decision (初审).',
  valuesConfig: {
    APPROVE: { description: '拟批准 propose approval: the case goes to public notice (公示) for 7 calendar days' },
    REFUSE: { description: '不予批准 refuse, with written reasons: the application is REFUSED' },
  },
});

/** 公示期 The public notice runs this many calendar days, its first day included (noticeEndsOn = noticeStartsOn + 6). */
export const NOTICE_DAYS = 7;
