import { registerEnumType } from 'type-graphql';

/**
 * 危房等级 The assessed grade of a rural house, per 农村危险房屋鉴定技术导则（试行） (建村函〔2009〕69号). Of its four
 * grades only C and D are dilapidated (危房) and qualify for renovation; A (safe) and B (basically safe) do not.
 */
export enum DilapidatedHouseGrade {
  C = 'C',
  D = 'D',
}
registerEnumType(DilapidatedHouseGrade, {
  name: 'DilapidatedHouseGrade',
  description:
    '危房等级 Assessed grade of a rural house (农村危险房屋鉴定技术导则（试行）, 建村函〔2009〕69号). The guide has four grades: ' +
    'A 结构能满足正常使用要求 (safe) and B 个别构件处于危险状态 (basically safe) do not qualify; C and D are dilapidated houses.',
  valuesConfig: {
    C: { description: 'C级 局部危房: 部分承重结构不能满足正常使用要求，局部出现险情 (part of the load-bearing structure is unsafe) — repaired and reinforced (修缮加固)' },
    D: { description: 'D级 整栋危房: 承重结构已不能满足正常使用要求，房屋整体出现险情 (the whole house is unsafe) — demolished and rebuilt (拆除重建)' },
  },
});

/** 改造状态 Status of a rural dilapidated-house renovation. */
export enum DilapidatedHouseRenovationStatus {
  APPROVED = 'APPROVED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(DilapidatedHouseRenovationStatus, {
  name: 'DilapidatedHouseRenovationStatus',
  description: '改造状态 Status of a rural dilapidated-house renovation (农村危房改造).',
  valuesConfig: {
    APPROVED: { description: '已批准 assessed and approved, works not started' },
    IN_PROGRESS: { description: '施工中 works under way' },
    COMPLETED: { description: '已竣工 works finished and accepted (竣工验收); the completion date is set' },
    CANCELLED: { description: '已撤销 withdrawn or recorded in error; no subsidy is paid' },
  },
});

/** Statuses of a renovation that is still open: a household has at most one at a time. */
export const OPEN_RENOVATION_STATUSES = [DilapidatedHouseRenovationStatus.APPROVED, DilapidatedHouseRenovationStatus.IN_PROGRESS];
