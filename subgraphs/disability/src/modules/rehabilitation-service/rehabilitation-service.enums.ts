import { registerEnumType } from 'type-graphql';

/** 康复救助项目 The rehabilitation assistance programmes the federation runs (康复救助, 胶政发〔2020〕106号). */
export enum RehabilitationProgramme {
  CHILD_CLEFT_LIP_PALATE = 'CHILD_CLEFT_LIP_PALATE',
  CHILD_CEREBRAL_PALSY = 'CHILD_CEREBRAL_PALSY',
  CHILD_REHABILITATION = 'CHILD_REHABILITATION',
  ADULT_REHABILITATION = 'ADULT_REHABILITATION',
  MENTAL_ILLNESS_MEDICATION = 'MENTAL_ILLNESS_MEDICATION',
}
registerEnumType(RehabilitationProgramme, {
  name: 'RehabilitationProgramme',
  description:
    '康复救助项目 Rehabilitation assistance programme (康复救助, 胶政发〔2020〕106号, which names cleft lip and palate and ' +
    'cerebral palsy children, 唇腭裂和脑瘫儿童, as a covered group). The children\'s programmes are for persons under 18.',
  valuesConfig: {
    CHILD_CLEFT_LIP_PALATE: { description: '唇腭裂儿童手术康复 cleft lip and palate repair and speech training for children' },
    CHILD_CEREBRAL_PALSY: { description: '脑瘫儿童康复救助 rehabilitation for children with cerebral palsy' },
    CHILD_REHABILITATION: {
      description: '残疾儿童康复救助 rehabilitation for other disabled children (visual, hearing, speech, physical, intellectual, autism; 国发〔2018〕20号)',
    },
    ADULT_REHABILITATION: { description: '成年残疾人基本康复服务 basic rehabilitation services and assistive devices for disabled adults' },
    MENTAL_ILLNESS_MEDICATION: { description: '精神残疾人基本服药救助 basic medication for people with mental disability or severe mental illness' },
  },
});

/** 服务类型 Kind of rehabilitation service. */
export enum RehabilitationServiceKind {
  REHABILITATION_TRAINING = 'REHABILITATION_TRAINING',
  ASSISTIVE_DEVICE = 'ASSISTIVE_DEVICE',
  SURGERY = 'SURGERY',
  MEDICATION = 'MEDICATION',
}
registerEnumType(RehabilitationServiceKind, {
  name: 'RehabilitationServiceKind',
  description: '服务类型 Kind of rehabilitation service.',
  valuesConfig: {
    REHABILITATION_TRAINING: { description: '康复训练 rehabilitation training (physical, speech, cognitive, orientation and mobility)' },
    ASSISTIVE_DEVICE: { description: '辅具适配 fitting of an assistive device (wheelchair, hearing aid, prosthesis, low-vision aid)' },
    SURGERY: { description: '康复手术 rehabilitative surgery (cleft repair, cochlear implant, orthopaedic correction, cataract)' },
    MEDICATION: { description: '基本服药 basic psychiatric medication' },
  },
});

/** Which kinds of service each programme pays for. */
export const PROGRAMME_KINDS: Readonly<Record<RehabilitationProgramme, readonly RehabilitationServiceKind[]>> = {
  CHILD_CLEFT_LIP_PALATE: [RehabilitationServiceKind.SURGERY, RehabilitationServiceKind.REHABILITATION_TRAINING],
  CHILD_CEREBRAL_PALSY: [RehabilitationServiceKind.REHABILITATION_TRAINING, RehabilitationServiceKind.ASSISTIVE_DEVICE, RehabilitationServiceKind.SURGERY],
  CHILD_REHABILITATION: [RehabilitationServiceKind.REHABILITATION_TRAINING, RehabilitationServiceKind.ASSISTIVE_DEVICE, RehabilitationServiceKind.SURGERY],
  ADULT_REHABILITATION: [RehabilitationServiceKind.REHABILITATION_TRAINING, RehabilitationServiceKind.ASSISTIVE_DEVICE, RehabilitationServiceKind.SURGERY],
  MENTAL_ILLNESS_MEDICATION: [RehabilitationServiceKind.MEDICATION],
};

/** The children's programmes (persons under 18 on the start date). */
export const CHILD_PROGRAMMES: readonly RehabilitationProgramme[] = [
  RehabilitationProgramme.CHILD_CLEFT_LIP_PALATE, RehabilitationProgramme.CHILD_CEREBRAL_PALSY, RehabilitationProgramme.CHILD_REHABILITATION,
];

/** 服务状态 Status of a rehabilitation service. */
export enum RehabilitationServiceStatus {
  APPROVED = 'APPROVED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(RehabilitationServiceStatus, {
  name: 'RehabilitationServiceStatus',
  description: '服务状态 Status of a rehabilitation service.',
  valuesConfig: {
    APPROVED: { description: '已批准 approved, not yet started' },
    IN_PROGRESS: { description: '服务中 being provided' },
    COMPLETED: { description: '已完成 completed (and settled with the provider)' },
    CANCELLED: { description: '已取消 cancelled (not provided)' },
  },
});
