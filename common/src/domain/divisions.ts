import divisions from './divisions.json';

/**
 * Jiaozhou's administrative divisions (胶州市, 370281): the fourteen townships (镇/街道/功能区) with their official
 * 9-digit codes, and the renamed ones kept as history (胶西镇 -> 胶西街道, 胶莱镇 -> 胶莱街道, 2019).
 * Village/community (村/社区) codes add 3 digits to the township's code (12 in all).
 * Source: National Bureau of Statistics 统计用区划代码.
 */
export interface Township {
  code: string;
  name: string;
  kind: 'subdistrict' | 'town' | 'zone';
}

export const COUNTY_CODE = divisions.county.code;
export const COUNTY_NAME = divisions.county.name;
export const TOWNSHIPS: readonly Township[] = divisions.townships as Township[];
export const TOWNSHIP_HISTORY: readonly { code: string; name: string; until: string; became: string }[] = divisions.history;

const byCode = new Map(TOWNSHIPS.map((t) => [t.code, t]));

/** The current township for a 9-digit code; a historic code resolves to its successor. */
export function townshipByCode(code: string): Township | undefined {
  const current = byCode.get(code);
  if (current) return current;
  const old = TOWNSHIP_HISTORY.find((h) => h.code === code);
  return old ? byCode.get(old.became) : undefined;
}

export function isTownshipCode(code: string): boolean {
  return byCode.has(code);
}

/** A village/community code is the township code plus 3 digits. */
export function isVillageCode(code: string): boolean {
  return /^\d{12}$/.test(code) && byCode.has(code.slice(0, 9));
}
