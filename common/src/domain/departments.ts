import programmes from './programmes.json';

/**
 * Departments named by 胶政发〔2020〕106号 (programmes.json). Which of them runs a subgraph is schema/subgraphs.json's
 * `department` (the one list of subgraphs), not the kit's business.
 */
export interface Department {
  code: string;
  name: string;
}

export const DEPARTMENTS: readonly Department[] = programmes.departments as Department[];
export const DEPARTMENT_CODES: readonly string[] = DEPARTMENTS.map((d) => d.code);

export function isDepartmentCode(code: string): boolean {
  return DEPARTMENT_CODES.includes(code);
}

/** Covered groups (救助对象) of the policy: code and Chinese name. */
export const COVERED_GROUPS: readonly { code: string; name: string }[] = programmes.covered_groups;
/** Programmes (救助项目) of the policy with their tier and the department in charge. */
export const PROGRAMMES: readonly { code: string; name: string; tier: string; department: string }[] = programmes.programmes;
