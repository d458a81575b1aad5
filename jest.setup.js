// No process of ours may reach anything but loopback (STACK.md): Apollo's telemetry is off in every test.
process.env.APOLLO_TELEMETRY_DISABLED = '1';
process.env.TURBO_TELEMETRY_DISABLED = '1';
require('reflect-metadata');
