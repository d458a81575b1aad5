/** The whole start of one stack, ms (STACK_START_TIMEOUT_MS, default 300000). */
export declare const STACK_START_TIMEOUT_MS: number;
/** SIGTERM-to-SIGKILL grace for one process of a stack, ms. */
export declare const STACK_STOP_GRACE_MS: number;
/** The whole stop of one stack, ms. */
export declare const STACK_STOP_TIMEOUT_MS: number;
/** jest's test and hook timeout in the e2e suite: start + stop + margin, ms. */
export declare const HOOK_TIMEOUT_MS: number;
