// The test harness's time budgets, in one place: tests/jest.config.js sets jest's test and hook timeout from these, and
// tests/support/stack.ts starts and stops stacks within them, so a stack start always gives up (and kills what it
// started) before jest gives up on the hook that waits for it. Plain CommonJS: jest reads it before any transform.
const { z } = require('zod');

const parsed = z
  .object({
    /** the whole start of one stack (databases, every subgraph in parallel, then the gateway); also one subgraph's restart */
    STACK_START_TIMEOUT_MS: z.coerce.number().int().min(1000).max(1_800_000).default(300_000),
  })
  .safeParse(process.env);
if (!parsed.success) {
  throw new Error(`invalid test configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
}

const STACK_START_TIMEOUT_MS = parsed.data.STACK_START_TIMEOUT_MS;
/** how long a process of the stack may take to stop after SIGTERM before its process group gets SIGKILL */
const STACK_STOP_GRACE_MS = 5_000;
/** the whole stop of one stack: processes in parallel (grace + SIGKILL), then dropping its databases */
const STACK_STOP_TIMEOUT_MS = 30_000;
/**
 * jest's timeout for every test and hook of the e2e suite: a hook that starts a stack, or a test that restarts a
 * subgraph and stops it again, fits with a margin; a start that runs out of budget fails (and cleans up) before jest
 * gives up on the hook
 */
const HOOK_TIMEOUT_MS = STACK_START_TIMEOUT_MS + STACK_STOP_TIMEOUT_MS + 30_000;

module.exports = { STACK_START_TIMEOUT_MS, STACK_STOP_GRACE_MS, STACK_STOP_TIMEOUT_MS, HOOK_TIMEOUT_MS };
