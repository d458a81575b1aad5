import { registerEnumType } from 'type-graphql';

/** 核对项目来源 What a verification record is: an income source (counted monthly) or an asset (counted against the limits). */
export enum VerificationSource {
  WAGES = 'WAGES',
  PENSION = 'PENSION',
  SOCIAL_INSURANCE = 'SOCIAL_INSURANCE',
  HOUSING_FUND = 'HOUSING_FUND',
  AGRICULTURAL = 'AGRICULTURAL',
  BUSINESS_INCOME = 'BUSINESS_INCOME',
  OTHER_INCOME = 'OTHER_INCOME',
  VEHICLE = 'VEHICLE',
  REAL_ESTATE = 'REAL_ESTATE',
  DEPOSIT = 'DEPOSIT',
  BUSINESS_REGISTRATION = 'BUSINESS_REGISTRATION',
}
registerEnumType(VerificationSource, {
  name: 'VerificationSource',
  description:
    '核对项目 The kind of a verification record (家庭经济状况核对): income sources are counted as monthly income (the amount ' +
    'over the months of its period); assets are counted against the limits of the standards table.',
  valuesConfig: {
    WAGES: { description: '工资性收入 wages and salaries (income; partner source: tax or social-insurance payroll data)' },
    PENSION: { description: '养老金 pensions (income; partner source: social-insurance agency)' },
    SOCIAL_INSURANCE: { description: '社会保险待遇 other social-insurance benefits, e.g. unemployment benefit (income)' },
    HOUSING_FUND: { description: '住房公积金 housing provident fund contributions and withdrawals (income; partner source: housing fund centre)' },
    AGRICULTURAL: { description: '农业经营收入 net agricultural income, land transfer and farming (income)' },
    BUSINESS_INCOME: { description: '经营性收入 net income of a business or self-employment (income)' },
    OTHER_INCOME: { description: '其他收入 other income: rent, interest, support payments received (income)' },
    VEHICLE: { description: '机动车辆 a motor vehicle, with its value (asset; partner source: vehicle registration, 公安车管)' },
    REAL_ESTATE: { description: '不动产 a dwelling or other real estate, with its value (asset; partner source: real-estate register)' },
    DEPOSIT: { description: '存款及金融资产 deposits and financial assets (bank, wealth-management, securities balances) (asset)' },
    BUSINESS_REGISTRATION: { description: '工商登记 a registered company or individual business in the member\'s name, value = registered capital (asset; partner source: market regulation)' },
  },
});

/** 数据来源 Where a verification record comes from. */
export enum VerificationOrigin {
  DECLARED = 'DECLARED',
  PARTNER_SOURCE = 'PARTNER_SOURCE',
}
registerEnumType(VerificationOrigin, {
  name: 'VerificationOrigin',
  description: '数据来源 Where a verification record comes from: the applicant\'s declaration or a partner department\'s data.',
  valuesConfig: {
    DECLARED: { description: '申报 declared by the applicant (告知承诺: declared under the notify-and-commit method)' },
    PARTNER_SOURCE: { description: '部门核对 returned by a partner source (tax, social insurance, housing fund, vehicle and real-estate registers, banks, market regulation); it prevails over a declaration of the same member and source' },
  },
});

/** 羁押/戒毒 Whether a member is confined (excluded from the counted members). */
export enum Confinement {
  NONE = 'NONE',
  PRISON = 'PRISON',
  COMPULSORY_REHABILITATION = 'COMPULSORY_REHABILITATION',
}
registerEnumType(Confinement, {
  name: 'Confinement',
  description: '服刑/强制隔离戒毒 Whether a member is serving a prison term or in compulsory drug rehabilitation (both exclude them from the counted members).',
  valuesConfig: {
    NONE: { description: '无 neither' },
    PRISON: { description: '服刑 serving a prison term' },
    COMPULSORY_REHABILITATION: { description: '强制隔离戒毒 in compulsory isolated drug rehabilitation' },
  },
});

/** 核对结论 The outcome of a household verification. */
export enum VerificationOutcome {
  DIBAO = 'DIBAO',
  MARGINAL = 'MARGINAL',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
}
registerEnumType(VerificationOutcome, {
  name: 'VerificationOutcome',
  description: '核对结论 The outcome of a household economic verification by the rules (the township still decides; see the steps).',
  valuesConfig: {
    DIBAO: { description: '符合低保 per-capita income below the standard and assets within the limits' },
    MARGINAL: { description: '低保边缘家庭 not dibao; per-capita income below 1.5 x the standard (the factor in force) and assets within the limits' },
    NOT_ELIGIBLE: { description: '不符合 neither (income at or above the marginal limit, assets beyond the limits, or no counted member)' },
  },
});

/** 残疾类别 (for the verification's health input; the disability subgraph's DisabilityCategory, named apart to compose cleanly). */
export enum MemberDisabilityCategory {
  VISUAL = 'VISUAL',
  HEARING = 'HEARING',
  SPEECH = 'SPEECH',
  PHYSICAL = 'PHYSICAL',
  INTELLECTUAL = 'INTELLECTUAL',
  MENTAL = 'MENTAL',
  MULTIPLE = 'MULTIPLE',
}
registerEnumType(MemberDisabilityCategory, {
  name: 'MemberDisabilityCategory',
  description: '残疾类别 The category of a member\'s disability certificate (GB/T 26341-2010), as the verification rules read it (the disability subgraph\'s DisabilityCategory values).',
  valuesConfig: {
    VISUAL: { description: '视力残疾 visual' },
    HEARING: { description: '听力残疾 hearing' },
    SPEECH: { description: '言语残疾 speech' },
    PHYSICAL: { description: '肢体残疾 physical' },
    INTELLECTUAL: { description: '智力残疾 intellectual' },
    MENTAL: { description: '精神残疾 mental (psychiatric)' },
    MULTIPLE: { description: '多重残疾 multiple' },
  },
});
