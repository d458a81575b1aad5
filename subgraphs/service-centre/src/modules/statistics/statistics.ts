import { PROGRAMMES, defineStatistics, statisticsDimension as dim } from '@aidgraph/subgraph-kit';
import { AssistanceApplication } from '../application/application.entity';
import { ApplicationChannel, ApplicationStep } from '../application/application.enums';

/**
 * 申请统计 Applications (一窗受理) by step, programme, channel, township, village and month of submission
 * (Query.applicationStatistics). An application asking for several programmes counts once under each (PROGRAMME).
 */
export const applicationStatistics = defineStatistics({
  name: 'application',
  records: '救助申请 assistance applications',
  entity: AssistanceApplication,
  person: 'applicantId',
  // class application: the service centre and civil affairs (its supervisor); other departments see only their referrals
  departments: ['SOCIAL_ASSISTANCE_CENTRE', 'CIVIL_AFFAIRS'],
  dimensions: {
    TOWNSHIP: dim.township(),
    VILLAGE: dim.village('villageCode', '村/社区 The applicant\'s village or community (12-digit code); an application without one is in no village\'s slice. FORBIDDEN to analysts.'),
    STEP: dim.enumOf('step', ApplicationStep, '办理环节 The step the application is at.'),
    PROGRAMME: dim.jsonListOf('programmes', PROGRAMMES.map((p) => p.code), '申请项目 A programme asked for (programmes.json code): an application counts under each it asks for.'),
    CHANNEL: dim.enumOf('channel', ApplicationChannel, '受理渠道 How the application reached the window.'),
    URGENT: dim.boolean('urgent', '急难 True for an urgent application (先行救助).'),
    SUBMITTED_YEAR: dim.year('submittedOn', '申请年份 The year of submission.'),
    SUBMITTED_MONTH: dim.month('submittedOn', '申请月份 The month of submission (YYYY-MM).'),
  },
});
