import type { Random } from './random';

/**
 * Chinese names with realistic frequencies for Shandong (Jiaozhou): the most common surnames weighted by their share
 * of the population (national figures adjusted towards Shandong, where 王, 张, 李, 刘, 孙, 于, 姜 are more frequent,
 * and local surnames such as 逄, 匡, 法, 綦, 冷 occur), two compound surnames, and given names of one or two
 * characters drawn from sets typical of each sex.
 */
const SURNAMES: [string, number][] = [
  ['王', 9.0], ['张', 8.2], ['李', 7.8], ['刘', 6.1], ['赵', 2.9], ['孙', 2.8], ['杨', 2.6], ['陈', 2.4], ['高', 2.3],
  ['姜', 2.0], ['于', 2.0], ['徐', 1.9], ['宋', 1.5], ['郭', 1.3], ['马', 1.3], ['周', 1.2], ['吴', 1.1], ['韩', 1.1],
  ['朱', 1.0], ['胡', 0.9], ['林', 0.9], ['范', 0.8], ['法', 0.8], ['匡', 0.7], ['逄', 0.7], ['冷', 0.6], ['綦', 0.5],
  ['纪', 0.6], ['臧', 0.5], ['崔', 0.7], ['曹', 0.6], ['董', 0.6], ['薛', 0.5], ['袁', 0.4], ['丁', 0.6], ['任', 0.5],
  ['吕', 0.5], ['魏', 0.5], ['田', 0.5], ['许', 0.5], ['邵', 0.4], ['郝', 0.4], ['黄', 0.6], ['何', 0.4], ['罗', 0.3],
  ['郑', 0.5], ['梁', 0.4], ['谢', 0.3], ['唐', 0.3], ['冯', 0.4], ['程', 0.4], ['苏', 0.4], ['蔡', 0.3], ['石', 0.4],
  ['贾', 0.4], ['侯', 0.4], ['孟', 0.4], ['秦', 0.3], ['尹', 0.3], ['史', 0.3], ['段', 0.3], ['白', 0.3], ['毛', 0.2],
  ['万', 0.2], ['顾', 0.2], ['潘', 0.2], ['邱', 0.2], ['孔', 0.3], ['武', 0.3], ['牟', 0.3], ['栾', 0.3], ['管', 0.3],
  ['欧阳', 0.05], ['诸葛', 0.02],
];
const SURNAME_LIST = SURNAMES.map((s) => s[0]);
const SURNAME_WEIGHTS = SURNAMES.map((s) => s[1]);

const MALE = '伟强军磊勇涛斌杰鹏超刚明辉建国志华文峰海波亮林东平浩宇晨轩博睿泽俊凯鑫昊宏伟德福成顺利民'.split('');
const FEMALE = '芳娜敏静丽艳娟霞秀英玉兰红梅燕莉萍洁琳雪慧倩婷颖欣怡佳悦雨涵诗琪梦晓桂凤翠菊珍淑'.split('');
const NEUTRAL = '子文晓春玉金宝立新永国'.split('');

export function drawSurname(r: Random): string {
  return r.weighted(SURNAME_LIST, SURNAME_WEIGHTS);
}

/** A given name of one or two characters for a person of the given sex. */
export function drawGivenName(r: Random, gender: 'MALE' | 'FEMALE'): string {
  const set = gender === 'MALE' ? MALE : FEMALE;
  const first = r.chance(0.15) ? r.pick(NEUTRAL) : r.pick(set);
  return r.chance(0.72) ? first + r.pick(set) : first;
}

const VILLAGE_SYLLABLES = '东西南北前后大小上下王张李刘赵孙杨高姜于徐宋马周韩朱河沟庄屯官营店桥泉岭山林家疃'.split('');

/** A village (村) or community (社区) name such as 后屯村 or 南关社区. */
export function drawVillageName(r: Random, community: boolean): string {
  const base = r.pick(VILLAGE_SYLLABLES) + r.pick(VILLAGE_SYLLABLES) + (r.chance(0.3) ? r.pick(VILLAGE_SYLLABLES) : '');
  return base + (community ? '社区' : '村');
}
