import { startTestGateway } from './support/test-gateway';

describe('stopping the gateway', () => {
  it('leaves SIGINT/SIGTERM to the start-up code, and a second stop waits for the first', async () => {
    // Apollo Server registers its own signal handlers outside NODE_ENV=test; with them a signal stopped the server twice
    // at once, and the second apollo.stop() never resolved: the process hung on SIGTERM
    const nodeEnv = process.env.NODE_ENV;
    const before = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') };
    process.env.NODE_ENV = 'development';
    let gw;
    try {
      gw = await startTestGateway();
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    expect({ SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') }).toEqual(before);
    const first = gw.server.stop();
    const second = gw.server.stop();
    await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
    await expect(fetch(`${gw.base}/health`)).rejects.toThrow();
  });
});
