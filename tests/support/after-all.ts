import { closeAllStacks } from './stack';
import { STACK_STOP_TIMEOUT_MS } from './timeouts';

// Run after every e2e test file (setupFilesAfterEnv): whatever the file left behind — a start still under way after
// jest gave up on its hook, a stack a failed test never closed — is stopped and its databases dropped here, so no
// process outlives the file and jest can exit.
afterAll(() => closeAllStacks(), STACK_STOP_TIMEOUT_MS + 10_000);
