/**
 * Why a roster row is rejected: the codes of the reject report's `reason` column, with the Chinese label and the
 * meaning. The report's `detail` column refines some of them (the ID number's problem, the department's own reason).
 */
export const REJECT_REASONS = {
  REQUIRED: { label: '必填项为空', meaning: 'a required cell is empty' },
  BAD_ID_NUMBER: {
    label: '身份证号无效',
    meaning:
      'not a valid resident ID number; detail: LENGTH, CHARACTERS, ADDRESS_CODE, BIRTH_DATE, CHECK_CHARACTER, or STORED_AS_NUMBER ' +
      '(the spreadsheet kept it as a number and lost its last digits)',
  },
  NOT_IN_REGISTRY: { label: '查无此人', meaning: 'a valid ID number, but no person in the civil-affairs registry has it' },
  NAME_MISMATCH: { label: '姓名与身份证号不符', meaning: 'the name differs from the registry\'s name for this ID number (a mistyped or swapped ID number)' },
  UNKNOWN_TOWNSHIP: { label: '乡镇/街道不存在', meaning: 'not a township of Jiaozhou, by code or by name' },
  BAD_DATE: { label: '日期无效', meaning: 'not a calendar date in an accepted form (2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301, an Excel date)' },
  BAD_AMOUNT: { label: '金额无效', meaning: 'not an amount of yuan with at most two decimals, negative, or out of the allowed range' },
  BAD_VALUE: { label: '取值无效', meaning: 'a value the column does not accept (a label not in its list, a text too long, ...)' },
  DUPLICATE_ROW: { label: '重复行', meaning: 'the same record (the same natural key) as an earlier row of the file; the earlier row counts' },
  INVALID: { label: '不符合业务规则', meaning: 'refused by the department\'s own validation; detail: its reason code (e.g. AID_NOT_FOR_STAGE)' },
  CONFLICT: { label: '与已有记录冲突', meaning: 'conflicts with what the database holds; detail: the department\'s reason (e.g. INSUFFICIENT_BALANCE)' },
  NOT_FOUND: { label: '关联记录不存在', meaning: 'a record the row refers to does not exist (e.g. the charity project named)' },
  FORBIDDEN: { label: '无权限', meaning: 'the importing account may not write this record' },
  ERROR: { label: '系统错误', meaning: 'an unexpected error; nothing of the row was written (see the import\'s log)' },
} as const;

export type RejectReason = keyof typeof REJECT_REASONS;

export function isRejectReason(s: unknown): s is RejectReason {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(REJECT_REASONS, s);
}

/** What is wrong with one cell (or one row): the reason code, an optional refinement and a message for the person who typed it. */
export interface CellProblem {
  reason: RejectReason;
  detail?: string;
  /** never repeats an ID number or another identifier: the row number identifies the row */
  message: string;
}
