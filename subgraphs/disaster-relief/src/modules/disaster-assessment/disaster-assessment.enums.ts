import { registerEnumType } from 'type-graphql';

/** 房屋受损程度 How badly a household's house was damaged (核灾: 倒塌 / 严重损坏 / 一般损坏). */
export enum HouseDamageLevel {
  COLLAPSED = 'COLLAPSED',
  SEVERELY_DAMAGED = 'SEVERELY_DAMAGED',
  GENERALLY_DAMAGED = 'GENERALLY_DAMAGED',
  NONE = 'NONE',
}
registerEnumType(HouseDamageLevel, {
  name: 'HouseDamageLevel',
  description: '房屋受损程度 How badly the household\'s house was damaged, as assessed (核灾).',
  valuesConfig: {
    COLLAPSED: { description: '倒塌 collapsed: rebuilding needed (倒损住房恢复重建)' },
    SEVERELY_DAMAGED: { description: '严重损坏 severely damaged: unsafe to live in, rebuilt or repaired at large' },
    GENERALLY_DAMAGED: { description: '一般损坏 generally damaged: repairable (维修)' },
    NONE: { description: '未损坏 no house damage (the household was affected otherwise: evacuated, crops, livelihood)' },
  },
});

/** Damage levels that qualify for 倒损住房恢复重建 (HOUSE_REBUILD) and 过渡期生活救助 (TRANSITIONAL): no house to live in. */
export const HOUSE_LOST: readonly HouseDamageLevel[] = [HouseDamageLevel.COLLAPSED, HouseDamageLevel.SEVERELY_DAMAGED];
