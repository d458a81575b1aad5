import { addDays } from '@aidgraph/subgraph-kit';
import { demoApplicationPlan, demoUrgentPath } from '@aidgraph/subgraph-kit/referral/demo';
import { Random, REFERENCE_DATE, type PopulationSeeder } from '@aidgraph/population';
import { ApplicationDocument, ApplicationTransition, AssistanceApplication, HouseholdVisit } from '../modules/application/application.entity';
import { ApplicationChannel, ApplicationStep, DocumentState, NOTICE_DAYS, PreliminaryProposal } from '../modules/application/application.enums';
import { oneTimeNoticeText, requiredDocuments } from '../modules/document/document-requirements';
import { Referral } from '../modules/referral/referral.entity';
import { referralRows } from '../modules/referral/referral.service';
import { PublicNotice } from '../modules/notice/notice.entity';
import { NOTICED_PROGRAMMES } from '../modules/notice/notice.service';

/** Demo proposed amounts (yuan, whole) of the notices, by programme: [lowest, highest]. */
const DEMO_NOTICE_AMOUNTS: Record<string, [number, number]> = { DIBAO: [150, 1100], TEKUN: [900, 1500], TEMPORARY: [500, 5000] };

const S = ApplicationStep;
/** The steps in their order along the usual path (which steps a target passes). */
const ORDER: ApplicationStep[] = [S.SUBMITTED, S.NOT_ACCEPTED, S.INVESTIGATION, S.VERIFICATION, S.PRELIMINARY_REVIEW, S.PUBLIC_NOTICE, S.CONFIRMED, S.REFUSED, S.CLOSED];
const COMMITMENT_TEXT = '本人承诺所提供的家庭收入、财产情况真实完整，如有虚报、隐瞒，愿意承担相应法律责任。';
const FINDINGS = ['家中居住条件简陋，主要劳动力患病，无稳定收入。', '入户核实家庭成员与申报一致，无机动车辆，住房为自有旧房。', '申请人独居，生活不能自理，邻里证实无其他收入来源。'];

/**
 * The service centre's share of the demo population (deterministic from the seed). Which households apply, the
 * application's id, applicant, programmes, target step, urgency, the days between the steps, the days it has waited
 * since and the submission and acceptance days come from the kit's `demoApplicationPlan(seed, h)`, which the
 * departments' seeds read too (they decide some of the referrals of the accepted applications, by the same ids). This
 * seed takes each application along its path to the target step (the urgent path 先行救助 for urgent CONFIRMED or
 * CLOSED ones) with its transitions, documents (some commitments, some missing), visits and the one-time notice as the
 * mutations would have written them, and the referrals of every accepted one (`referralRows`, created on its
 * acceptance day). The last transition falls on REFERENCE_DATE (2025-12-31) minus the plan's `waiting` (0-14 days in an
 * open step, 0-40 in a finished one): on that date (`npm start` runs the subgraphs with AIDGRAPH_TODAY=2025-12-31) some
 * applications are overdue and some not, some public notices are running and some have ended.
 */
export function serviceCentreSeeder(seed: string): PopulationSeeder {
  return {
    household(h, put) {
      const plan = demoApplicationPlan(seed, h);
      if (!plan) return;
      const r = new Random(`${seed}:service-centre:${plan.applicationId}`);
      const { applicationId: id, programmes, urgent, gaps } = plan;
      const target = plan.target as ApplicationStep;
      const byAssistant = r.chance(0.4);
      const caseworker = `seed-caseworker-${h.townshipCode}`;
      const approver = `seed-approver-${h.townshipCode}`;
      const assistant = `seed-assistant-${h.villageCode}`;
      let on = plan.submittedOn;
      const app: AssistanceApplication = Object.assign(new AssistanceApplication(), {
        id, applicantId: plan.applicantId, householdId: plan.householdId, townshipCode: plan.townshipCode, villageCode: plan.villageCode,
        channel: byAssistant ? ApplicationChannel.VILLAGE_ASSISTANT : ApplicationChannel.WINDOW, programmes: [...programmes], step: S.SUBMITTED, urgent,
        specialCase: r.chance(0.1), submittedOn: on, acceptedOn: null, stepEnteredOn: on, noticeStartsOn: null, noticeEndsOn: null,
        investigatedOn: null, verifiedOn: null, proposal: null, takenBy: byAssistant ? assistant : caseworker, version: 1,
        oneTimeNotice: null, reasons: null, verificationNote: null,
      });
      let last = on;
      const move = (to: ApplicationStep, subject: string, role: string, note: string | null = null) => {
        const from = app.step;
        if (to !== from) Object.assign(app, { step: to, stepEnteredOn: on });
        app.version += 1;
        last = on;
        put(ApplicationTransition, { id: r.uuid(), applicationId: id, version: app.version, fromStep: from, toStep: to, subject, role, at: `${on}T02:00:00.000Z`, on, note });
      };
      put(ApplicationTransition, { id: r.uuid(), applicationId: id, version: 1, fromStep: null, toStep: S.SUBMITTED, subject: app.takenBy, role: byAssistant ? 'village_assistant' : 'caseworker', at: `${on}T01:00:00.000Z`, on, note: null });
      const docs = requiredDocuments(programmes, app.submittedOn).map((d) => {
        const roll = r.int(0, 9);
        const state = roll < 6 ? DocumentState.PROVIDED : roll < 8 && d.commitmentAllowed ? DocumentState.COMMITMENT : roll < 8 ? DocumentState.PROVIDED : DocumentState.MISSING;
        return { applicationId: id, code: d.code, name: d.name, commitmentAllowed: d.commitmentAllowed, state, commitmentText: state === DocumentState.COMMITMENT ? COMMITMENT_TEXT : null };
      });
      const step = (t: ApplicationStep) => ORDER.indexOf(t);
      const reach = (t: ApplicationStep) => target !== S.SUBMITTED && target !== S.NOT_ACCEPTED && (target === t || step(target) > step(t));
      if (target === S.NOT_ACCEPTED) {
        on = addDays(on, gaps[0]);
        app.reasons = '申请人户籍不在本镇（街道），应向户籍所在地申请。';
        move(S.NOT_ACCEPTED, caseworker, 'caseworker', app.reasons);
      } else if (reach(S.INVESTIGATION)) {
        on = addDays(on, gaps[0]);
        app.acceptedOn = on;
        app.oneTimeNotice = oneTimeNoticeText({ applicationId: id, acceptedOn: on, townshipCode: h.townshipCode, programmes, documents: docs });
        move(S.INVESTIGATION, caseworker, 'caseworker');
        const visit = (version: number) =>
          put(HouseholdVisit, { id: r.uuid(), applicationId: id, visitedOn: on, staff: [`${caseworker}`, byAssistant ? assistant : `seed-caseworker-2-${h.townshipCode}`], findings: r.pick(FINDINGS), recordedBy: caseworker, applicationVersion: version });
        if (demoUrgentPath(target, urgent)) {
          // 先行救助: aid confirmed first, then the investigation and verification completed
          on = addDays(on, gaps[1]);
          move(S.CONFIRMED, approver, 'township_approver', '先行救助 urgent: aid confirmed first, investigation and verification to be completed');
          on = addDays(on, gaps[2]);
          app.version += 1;
          visit(app.version);
          on = addDays(on, gaps[3]);
          app.investigatedOn = on;
          move(S.CONFIRMED, caseworker, 'caseworker', '先行救助 调查补充完成 (urgent: investigation completed after the confirmation)');
          on = addDays(on, gaps[4]);
          app.verifiedOn = on;
          move(S.CONFIRMED, caseworker, 'caseworker', '先行救助 核对补充完成 (urgent: verification recorded after the confirmation)');
          if (target === S.CLOSED) {
            on = addDays(on, gaps[5]);
            move(S.CLOSED, caseworker, 'caseworker');
          }
        } else {
          if (reach(S.VERIFICATION)) {
            on = addDays(on, gaps[1]);
            app.version += 1;
            visit(app.version);
            on = addDays(on, gaps[2]);
            app.investigatedOn = on;
            move(S.VERIFICATION, caseworker, 'caseworker');
          }
          if (reach(S.PRELIMINARY_REVIEW)) {
            on = addDays(on, gaps[3]);
            app.verifiedOn = on;
            app.verificationNote = '经济状况核对平台核对完毕（演示数据）。';
            move(S.PRELIMINARY_REVIEW, caseworker, 'caseworker');
          }
          if (reach(S.PUBLIC_NOTICE) || target === S.REFUSED) {
            on = addDays(on, gaps[4]);
            app.proposal = PreliminaryProposal.APPROVE;
            app.noticeStartsOn = on;
            app.noticeEndsOn = addDays(on, NOTICE_DAYS - 1);
            move(S.PUBLIC_NOTICE, caseworker, 'caseworker');
          }
          if (target === S.REFUSED) {
            on = addDays(app.noticeEndsOn!, gaps[5]);
            app.reasons = '经入户调查和经济状况核对，家庭人均收入高于当地最低生活保障标准。';
            move(S.REFUSED, approver, 'township_approver', app.reasons);
          } else if (reach(S.CONFIRMED)) {
            on = addDays(app.noticeEndsOn!, gaps[5]);
            move(S.CONFIRMED, approver, 'township_approver');
          }
          if (target === S.CLOSED) {
            on = addDays(on, gaps[6]);
            move(S.CLOSED, caseworker, 'caseworker');
          }
        }
      }
      // the plan's dates (the departments' seeds decide the referrals as accepted on plan.acceptedOn)
      if (app.acceptedOn !== plan.acceptedOn || last !== addDays(REFERENCE_DATE, -plan.waiting))
        throw new Error(`service-centre seed: application ${id} (${target}) does not follow its demo plan (accepted ${app.acceptedOn}, planned ${plan.acceptedOn}; last step ${last}, planned ${addDays(REFERENCE_DATE, -plan.waiting)})`);
      // a public notice entered up to 6 days before REFERENCE_DATE is still running then; an earlier one has ended and waits for the approver
      put(AssistanceApplication, { ...app });
      // 公示: the notices of an application that went through the public notice, one per noticed programme, with a proposed amount
      if (app.noticeStartsOn && app.noticeEndsOn && app.villageCode)
        for (const programme of programmes.filter((p) => NOTICED_PROGRAMMES.includes(p))) {
          const n = new Random(`${seed}:service-centre:notice:${id}:${programme}`);
          const [lo, hi] = DEMO_NOTICE_AMOUNTS[programme];
          put(PublicNotice, {
            id: n.uuid(), applicationId: id, applicantId: app.applicantId, programme, townshipCode: app.townshipCode, villageCode: app.villageCode,
            startsOn: app.noticeStartsOn, endsOn: app.noticeEndsOn, amount: `${n.int(lo, hi)}.00`, endedOn: null, endedBecause: null,
          });
        }
      for (const d of docs) put(ApplicationDocument, d);
      if (app.acceptedOn) for (const row of referralRows(app, app.acceptedOn)) put(Referral, row);
    },
  };
}
