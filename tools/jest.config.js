const path = require('path');
const base = require('../jest.base')(__dirname);

// the tools load the subgraphs' compiled modules (@aidgraph/<name>/dist/...); the tests map them to their sources, like the kit
module.exports = {
  ...base,
  moduleNameMapper: {
    ...base.moduleNameMapper,
    // every department's package (not the kit, which jest.base maps itself): a new subgraph needs no line here
    '^@aidgraph/((?!subgraph-kit/)[a-z0-9-]+)/dist/(.*)$': path.join(__dirname, '../subgraphs/$1/src/$2'),
  },
};
