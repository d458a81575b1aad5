import { registerEnumType } from 'type-graphql';
import { ReviewCycleValue } from './review.rules';

export { ReviewCycleValue };

registerEnumType(ReviewCycleValue, {
  name: 'ReviewCycle',
  description: '复核周期 How often a DIBAO or TEKUN enrolment is reviewed (社会救助暂行办法 art. 13 dynamic management; 最低生活保障审核确认办法 民发〔2021〕57号).',
  valuesConfig: {
    YEARLY: { description: '每年复核 yearly: a household whose income is stable (fixed pension, no member able to work)' },
    HALF_YEARLY: { description: '每半年复核 every 6 months: income irregular, or members able to work' },
  },
});

/** 复核结论 What a review decided. */
export enum ReviewOutcome {
  CONTINUE = 'CONTINUE',
  ADJUST = 'ADJUST',
  PHASE_OUT = 'PHASE_OUT',
  TERMINATE = 'TERMINATE',
}
registerEnumType(ReviewOutcome, {
  name: 'ReviewOutcome',
  description: '复核结论 The outcome of a review (复核) of a DIBAO or TEKUN enrolment.',
  valuesConfig: {
    CONTINUE: { description: '继续享受 unchanged: the next review date is set from the review date' },
    ADJUST: { description: '调整金额 a new monthly amount (checked against the enrolment limits on the review date); the next review date is set' },
    PHASE_OUT: {
      description:
        '渐退 the verification run shows the per-capita income at or above the dibao standard: the enrolment is paid on for ' +
        'DIBAO_PHASE_OUT_MONTHS months after the review\'s month (status PHASING_OUT), then ends (最低生活保障审核确认办法 民发〔2021〕57号, 渐退期; length a local setting)',
    },
    TERMINATE: { description: '停保 the enrolment ends on the review date (ENDED)' },
  },
});
