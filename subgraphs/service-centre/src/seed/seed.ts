import { Random, REFERENCE_DATE, addDays, type PopulationSeeder } from '@aidgraph/subgraph-kit';
import { ApplicationDocument, ApplicationTransition, AssistanceApplication, HouseholdVisit } from '../modules/application/application.entity';
import { ApplicationChannel, ApplicationStep, DocumentState, NOTICE_DAYS, PreliminaryProposal } from '../modules/application/application.enums';
import { oneTimeNoticeText, requiredDocuments } from '../modules/document/document-requirements';

const S = ApplicationStep;
/** The programme combinations of the demo applications (the last, TEMPORARY, is also taken urgent). */
const REQUESTS: string[][] = [['DIBAO'], ['DIBAO', 'EDUCATION', 'MEDICAL'], ['TEKUN'], ['MEDICAL'], ['DIBAO', 'HOUSING'], ['TEMPORARY']];
/** The steps, in turn: every step has demo applications. */
const TARGETS: ApplicationStep[] = [S.SUBMITTED, S.NOT_ACCEPTED, S.INVESTIGATION, S.VERIFICATION, S.PRELIMINARY_REVIEW, S.PUBLIC_NOTICE, S.CONFIRMED, S.REFUSED, S.CLOSED];
const COMMITMENT_TEXT = '本人承诺所提供的家庭收入、财产情况真实完整，如有虚报、隐瞒，愿意承担相应法律责任。';
const FINDINGS = ['家中居住条件简陋，主要劳动力患病，无稳定收入。', '入户核实家庭成员与申报一致，无机动车辆，住房为自有旧房。', '申请人独居，生活不能自理，邻里证实无其他收入来源。'];

/**
 * The service centre's share of the demo population (deterministic from the seed): about one household in twelve has
 * an application by an adult member, taken at the window or by the village assistant, at every step in turn (SUBMITTED
 * ... CLOSED), with its transitions, documents, visits and one-time notice as the steps would have written them. The
 * dates end at REFERENCE_DATE (2025-12-31); an open application waits 0-40 days in its step, so some are overdue.
 */
export function serviceCentreSeeder(seed: string): PopulationSeeder {
  const r = new Random(`${seed}:service-centre`);
  let n = 0;
  return {
    household(h, put) {
      if (!r.chance(h.category === 'NONE' ? 0.05 : 0.2)) return;
      const applicant = h.members.find((m) => m.status === 'ACTIVE' && m.age >= 18);
      if (!applicant) return;
      const target = TARGETS[n % TARGETS.length];
      const programmes = REQUESTS[r.int(0, REQUESTS.length - 1)];
      const urgent = programmes[0] === 'TEMPORARY' && programmes.length === 1 && r.chance(0.5);
      n += 1;
      const byAssistant = r.chance(0.4);
      const caseworker = `seed-caseworker-${h.townshipCode}`;
      const approver = `seed-approver-${h.townshipCode}`;
      const assistant = `seed-assistant-${h.villageCode}`;
      // the steps' dates, from a submission far enough back for the path to end by REFERENCE_DATE
      const gaps = Array.from({ length: 8 }, () => r.int(1, 4));
      const waiting = r.int(0, 40);
      const span = gaps.reduce((a, b) => a + b, 0) + NOTICE_DAYS + waiting;
      let on = addDays(REFERENCE_DATE, -span);
      const id = r.uuid();
      const app: AssistanceApplication = Object.assign(new AssistanceApplication(), {
        id, applicantId: applicant.id, householdId: h.id, townshipCode: h.townshipCode, villageCode: h.villageCode,
        channel: byAssistant ? ApplicationChannel.VILLAGE_ASSISTANT : ApplicationChannel.WINDOW, programmes, step: S.SUBMITTED, urgent,
        specialCase: r.chance(0.1), submittedOn: on, acceptedOn: null, stepEnteredOn: on, noticeStartsOn: null, noticeEndsOn: null,
        investigatedOn: null, verifiedOn: null, proposal: null, takenBy: byAssistant ? assistant : caseworker, version: 1,
        oneTimeNotice: null, reasons: null, verificationNote: null,
      });
      const move = (to: ApplicationStep, subject: string, role: string, note: string | null = null) => {
        const from = app.step;
        if (to !== from) Object.assign(app, { step: to, stepEnteredOn: on });
        app.version += 1;
        put(ApplicationTransition, { id: r.uuid(), applicationId: id, version: app.version, fromStep: from, toStep: to, subject, role, at: `${on}T02:00:00.000Z`, on, note });
      };
      put(ApplicationTransition, { id: r.uuid(), applicationId: id, version: 1, fromStep: null, toStep: S.SUBMITTED, subject: app.takenBy, role: byAssistant ? 'village_assistant' : 'caseworker', at: `${on}T01:00:00.000Z`, on, note: null });
      const docs = requiredDocuments(programmes, app.submittedOn).map((d) => {
        const roll = r.int(0, 9);
        const state = roll < 6 ? DocumentState.PROVIDED : roll < 8 && d.commitmentAllowed ? DocumentState.COMMITMENT : roll < 8 ? DocumentState.PROVIDED : DocumentState.MISSING;
        return { applicationId: id, code: d.code, name: d.name, commitmentAllowed: d.commitmentAllowed, state, commitmentText: state === DocumentState.COMMITMENT ? COMMITMENT_TEXT : null };
      });
      const step = (t: ApplicationStep) => TARGETS.indexOf(t);
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
        if (urgent && step(target) >= step(S.CONFIRMED) && target !== S.REFUSED) {
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
      // a public notice still running ends after REFERENCE_DATE at the latest; one that ended waits for the approver
      put(AssistanceApplication, { ...app });
      for (const d of docs) put(ApplicationDocument, d);
    },
  };
}
