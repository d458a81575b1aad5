module.exports = require('../jest.base')(__dirname, { testMatch: ['<rootDir>/e2e/**/*.test.ts'], testTimeout: 120000 });
