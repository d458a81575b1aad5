import { registerEnumType } from 'type-graphql';
import { z } from 'zod';

/** The data class of visits and pairings (kit classification.ts: visit). */
export const VISIT_CLASS = 'visit' as const;

/** 探访发现 What a visit found (codes; a note may add detail). */
export enum VisitFinding {
  STABLE = 'STABLE',
  INCOME_CHANGED = 'INCOME_CHANGED',
  HOUSEHOLD_CHANGED = 'HOUSEHOLD_CHANGED',
  HOUSING_UNSAFE = 'HOUSING_UNSAFE',
  HEALTH_CHANGED = 'HEALTH_CHANGED',
  CARE_NEEDED = 'CARE_NEEDED',
  SCHOOLING_DIFFICULTY = 'SCHOOLING_DIFFICULTY',
  NOT_MET = 'NOT_MET',
  OTHER = 'OTHER',
}
registerEnumType(VisitFinding, {
  name: 'VisitFinding',
  description: '探访发现 What a visit to a recipient household found (胶政发〔2020〕106号: 探访制度). Class visit.',
  valuesConfig: {
    STABLE: { description: '生活基本稳定 living conditions stable, nothing to report' },
    INCOME_CHANGED: { description: '收入变化 income or property seems to have changed (a review may follow: 复核)' },
    HOUSEHOLD_CHANGED: { description: '家庭成员变化 a member joined, left, died or moved' },
    HOUSING_UNSAFE: { description: '住房安全隐患 the dwelling is unsafe (a housing referral may follow)' },
    HEALTH_CHANGED: { description: '健康状况变化 a member\'s health got worse' },
    CARE_NEEDED: { description: '需要照料 a member needs care (tekun: 照料护理)' },
    SCHOOLING_DIFFICULTY: { description: '就学困难 a child has difficulty at school or is out of school' },
    NOT_MET: { description: '未见到本人 nobody was met at home' },
    OTHER: { description: '其他 other (say what in the note)' },
  },
});

/** 探访类别 The category a household is visited for: its members' enrolments in force (TEKUN before DIBAO). */
export enum VisitCategory {
  TEKUN = 'TEKUN',
  DIBAO = 'DIBAO',
}
registerEnumType(VisitCategory, {
  name: 'VisitCategory',
  description: '探访类别 Why the household is on the visit list: a member with tekun in force (visited monthly by default), else a member with dibao in force (quarterly).',
  valuesConfig: {
    TEKUN: { description: '特困人员 a member with tekun (特困人员救助供养) in force: VISIT_INTERVAL_TEKUN_DAYS' },
    DIBAO: { description: '低保对象 a member with dibao (最低生活保障) in force and none with tekun: VISIT_INTERVAL_DIBAO_DAYS' },
  },
});

const visitConfig = z.object({
  VISIT_INTERVAL_DIBAO_DAYS: z.coerce.number().int().min(1).max(366).default(90),
  VISIT_INTERVAL_TEKUN_DAYS: z.coerce.number().int().min(1).max(366).default(30),
});
export type VisitConfig = z.infer<typeof visitConfig>;

/**
 * 探访周期 The visit intervals in days: a household of dibao recipients is visited at least every
 * VISIT_INTERVAL_DIBAO_DAYS (default 90: quarterly), one with a tekun person every VISIT_INTERVAL_TEKUN_DAYS (default 30:
 * monthly), a common local practice (a local setting: each 1-366). Validated with zod when the schema is built (a bad
 * value stops the start) and when the list is asked for.
 */
export function visitIntervals(env: NodeJS.ProcessEnv = process.env): VisitConfig {
  const blank = (v: string | undefined) => (v === '' ? undefined : v);
  const r = visitConfig.safeParse({ VISIT_INTERVAL_DIBAO_DAYS: blank(env.VISIT_INTERVAL_DIBAO_DAYS), VISIT_INTERVAL_TEKUN_DAYS: blank(env.VISIT_INTERVAL_TEKUN_DAYS) });
  if (!r.success) throw new Error(r.error.issues.map((i) => `${String(i.path[0])}: ${i.message} (a whole number of days, 1-366)`).join('; '));
  return r.data;
}
