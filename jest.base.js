// Shared jest configuration: every package's jest.config.js calls this with its own folder.
// Tests run the TypeScript sources through swc (legacy decorators + metadata, as type-graphql needs);
// workspace packages are mapped to their sources so no build is needed before a test.
const path = require('path');

module.exports = function jestConfig(dir, extra = {}) {
  return {
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    setupFiles: [path.join(__dirname, 'jest.setup.js')],
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            target: 'es2022',
          },
          module: { type: 'commonjs' },
        },
      ],
    },
    moduleNameMapper: {
      '^@aidgraph/common$': path.join(__dirname, 'common/src/index.ts'),
      '^@aidgraph/common/(.*)$': path.join(__dirname, 'common/src/$1'),
      '^@aidgraph/subgraph-kit$': path.join(__dirname, 'subgraphs/kit/src/index.ts'),
      '^@aidgraph/subgraph-kit/(.*)$': path.join(__dirname, 'subgraphs/kit/src/$1'),
      '^@aidgraph/population$': path.join(__dirname, 'tools/population/src/index.ts'),
      '^@aidgraph/roster$': path.join(__dirname, 'tools/roster/src/index.ts'),
    },
    testTimeout: 60000,
    ...extra,
  };
};
