import { registerEnumType } from 'type-graphql';

/** 灾种 The hazard of a natural disaster event (自然灾害救助条例; the hazards Jiaozhou's emergency plan names). */
export enum HazardType {
  FLOOD = 'FLOOD',
  TYPHOON = 'TYPHOON',
  HAIL = 'HAIL',
  DROUGHT = 'DROUGHT',
  LOW_TEMPERATURE_SNOW_ICE = 'LOW_TEMPERATURE_SNOW_ICE',
  STORM_SURGE = 'STORM_SURGE',
  EARTHQUAKE = 'EARTHQUAKE',
  FIRE = 'FIRE',
}
registerEnumType(HazardType, {
  name: 'HazardType',
  description: '灾种 The hazard of a natural disaster event.',
  valuesConfig: {
    FLOOD: { description: '洪涝 flood and waterlogging (暴雨洪涝、城乡内涝)' },
    TYPHOON: { description: '台风 typhoon (with its rainstorm and gale)' },
    HAIL: { description: '冰雹 hail (风雹)' },
    DROUGHT: { description: '干旱 drought' },
    LOW_TEMPERATURE_SNOW_ICE: { description: '低温雨雪冰冻 low temperature, snow and ice' },
    STORM_SURGE: { description: '风暴潮 storm surge (Jiaozhou Bay coast)' },
    EARTHQUAKE: { description: '地震 earthquake' },
    FIRE: { description: '火灾 fire (森林火灾 and other fires handled as a disaster)' },
  },
});

/** 应急响应级别 The emergency response level declared for a disaster (Ⅰ is the highest). */
export enum EmergencyResponseLevel {
  LEVEL_I = 'LEVEL_I',
  LEVEL_II = 'LEVEL_II',
  LEVEL_III = 'LEVEL_III',
  LEVEL_IV = 'LEVEL_IV',
}
registerEnumType(EmergencyResponseLevel, {
  name: 'EmergencyResponseLevel',
  description: '应急响应级别 The emergency response level of a disaster (自然灾害救助应急预案): Ⅰ the highest, Ⅳ the lowest.',
  valuesConfig: {
    LEVEL_I: { description: 'Ⅰ级响应 (特别重大)' },
    LEVEL_II: { description: 'Ⅱ级响应 (重大)' },
    LEVEL_III: { description: 'Ⅲ级响应 (较大)' },
    LEVEL_IV: { description: 'Ⅳ级响应 (一般)' },
  },
});
