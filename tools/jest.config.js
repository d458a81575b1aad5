const path = require('path');
const base = require('../jest.base')(__dirname);

// the tools load the subgraphs' compiled modules (@aidgraph/<name>/dist/...); the tests map them to their sources, like the kit
module.exports = {
  ...base,
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^@aidgraph/(civil-affairs|education|medical|housing|disability|charity)/dist/(.*)$': path.join(__dirname, '../subgraphs/$1/src/$2'),
  },
};
