import { registerEnumType } from 'type-graphql';

/**
 * 救助对象 The fifteen covered groups of 胶政发〔2020〕106号 (programmes.json `covered_groups`). Civil affairs tags
 * people with them; the charity federation aims projects at them. Defined once here so that every subgraph declares
 * the identical enum, as composition needs.
 */
export enum CoveredGroup {
  DIBAO_RECIPIENT = 'DIBAO_RECIPIENT',
  TEKUN_PERSON = 'TEKUN_PERSON',
  REGISTERED_POOR = 'REGISTERED_POOR',
  DISASTER_VICTIM = 'DISASTER_VICTIM',
  VAGRANT = 'VAGRANT',
  ORPHAN_OR_CHILD_IN_DIFFICULTY = 'ORPHAN_OR_CHILD_IN_DIFFICULTY',
  CLEFT_OR_CEREBRAL_PALSY_CHILD = 'CLEFT_OR_CEREBRAL_PALSY_CHILD',
  SEVERE_MENTAL_ILLNESS = 'SEVERE_MENTAL_ILLNESS',
  DISABLED_IN_DIFFICULTY = 'DISABLED_IN_DIFFICULTY',
  TWO_CANCERS_POOR_WOMAN = 'TWO_CANCERS_POOR_WOMAN',
  WORKER_IN_DIFFICULTY = 'WORKER_IN_DIFFICULTY',
  UNIDENTIFIED_EMERGENCY_PATIENT = 'UNIDENTIFIED_EMERGENCY_PATIENT',
  HEROIC_ACT_DISABLED = 'HEROIC_ACT_DISABLED',
  HEROIC_ACT_DECEASED_FAMILY = 'HEROIC_ACT_DECEASED_FAMILY',
  PUBLIC_EMERGENCY_AFFECTED = 'PUBLIC_EMERGENCY_AFFECTED',
}
registerEnumType(CoveredGroup, {
  name: 'CoveredGroup',
  description: '救助对象 The covered groups named by 胶政发〔2020〕106号 (people civil affairs tags; groups charity projects aim at).',
  valuesConfig: {
    DIBAO_RECIPIENT: { description: '最低生活保障人员 dibao recipients' },
    TEKUN_PERSON: { description: '特困人员 persons supported as extremely poor' },
    REGISTERED_POOR: { description: '建档立卡贫困人口 registered poor population' },
    DISASTER_VICTIM: { description: '受灾人员 disaster victims' },
    VAGRANT: { description: '生活无着的流浪乞讨人员 vagrants and beggars without means of living' },
    ORPHAN_OR_CHILD_IN_DIFFICULTY: { description: '孤儿和困境儿童 orphans and children in difficulty' },
    CLEFT_OR_CEREBRAL_PALSY_CHILD: { description: '唇腭裂和脑瘫儿童 children with cleft lip/palate or cerebral palsy' },
    SEVERE_MENTAL_ILLNESS: { description: '重度精神病患者 persons with severe mental illness' },
    DISABLED_IN_DIFFICULTY: { description: '困难残疾人 disabled persons in difficulty' },
    TWO_CANCERS_POOR_WOMAN: { description: '“两癌”贫困妇女 poor women with cervical or breast cancer' },
    WORKER_IN_DIFFICULTY: { description: '困难职工 workers in difficulty' },
    UNIDENTIFIED_EMERGENCY_PATIENT: { description: '需急救的身份不明和无力支付人员 unidentified emergency patients and those unable to pay' },
    HEROIC_ACT_DISABLED: { description: '因见义勇为致残人员及其家庭 persons disabled by a heroic act, and their families' },
    HEROIC_ACT_DECEASED_FAMILY: { description: '见义勇为死亡（牺牲）人员家庭 families of persons who died in a heroic act' },
    PUBLIC_EMERGENCY_AFFECTED: { description: '受突发公共事件影响人员家庭 families affected by a public emergency' },
  },
});
