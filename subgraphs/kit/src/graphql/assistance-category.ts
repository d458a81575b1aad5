import { registerEnumType } from 'type-graphql';

/**
 * 救助类别 A person's current civil-affairs category. Civil affairs owns it (`Person.assistanceCategory`); other
 * departments require it through federation (@requires) for their own rules. Defined once here so that every subgraph
 * declares the identical enum, as composition needs.
 */
export enum AssistanceCategory {
  TEKUN = 'TEKUN',
  DIBAO = 'DIBAO',
  MARGINAL = 'MARGINAL',
  NONE = 'NONE',
}
registerEnumType(AssistanceCategory, {
  name: 'AssistanceCategory',
  description:
    '救助类别 A person\'s current civil-affairs category, derived from their active enrolments (TEKUN before DIBAO before ' +
    'MARGINAL). Other departments require it through federation (@requires) rather than copying it.',
  valuesConfig: {
    TEKUN: { description: '特困人员 an active 特困人员救助供养 enrolment' },
    DIBAO: { description: '低保对象 an active 最低生活保障 enrolment' },
    MARGINAL: { description: '低保边缘 a member of a marginal household (低保边缘家庭)' },
    NONE: { description: '无 none of these' },
  },
});

const VALUES = new Set<string>(Object.values(AssistanceCategory));

/** The category of a federation representation's value, or undefined when it is absent or not one of the values. */
export function asAssistanceCategory(value: unknown): AssistanceCategory | undefined {
  return typeof value === 'string' && VALUES.has(value) ? (value as AssistanceCategory) : undefined;
}
