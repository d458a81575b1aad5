// @apollo/gateway starts an OpenTelemetry exporter and probes cloud metadata addresses unless this is set before it is
// constructed (STACK.md). No process of AidGraph's may reach anything but loopback, so it is the default here.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';
export {};
