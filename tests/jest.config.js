const path = require('path');
const { HOOK_TIMEOUT_MS } = require('./support/timeouts');

// The e2e suite: one timeout for every test and hook, derived from the stack's start budget (support/timeouts.js), so
// a stack start fails and cleans up before jest gives up on the hook that waits for it; after every file whatever is
// left is stopped (support/after-all.ts), and after the suite any straggler is killed (support/global-teardown.js).
module.exports = require('../jest.base')(__dirname, {
  testMatch: ['<rootDir>/e2e/**/*.test.ts'],
  testTimeout: HOOK_TIMEOUT_MS,
  setupFilesAfterEnv: [path.join(__dirname, 'support/after-all.ts')],
  globalTeardown: path.join(__dirname, 'support/global-teardown.js'),
});
