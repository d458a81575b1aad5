import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { PopulationSeeder } from '@aidgraph/population';

// which of the tools' packages a module loads: the kit must load the generator only to seed, and never the roster framework
let mockPopulationLoaded = false;
let mockRosterLoaded = false;
jest.mock('@aidgraph/population', () => {
  mockPopulationLoaded = true;
  return jest.requireActual('@aidgraph/population');
});
jest.mock('@aidgraph/roster', () => {
  mockRosterLoaded = true;
  return jest.requireActual('@aidgraph/roster');
});

const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { hello: String }
`;

describe('the demo population is loaded only to seed', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-demo-seed-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("the kit's barrel and its server start without the demo seed load neither the generator nor the roster framework; with it, the definition's seeder and the generator are loaded then", async () => {
    const kit = require('../index') as typeof import('../index');
    expect(mockPopulationLoaded).toBe(false);
    expect(mockRosterLoaded).toBe(false);

    const households: string[] = [];
    const seeder = jest.fn(async () => (seed: string): PopulationSeeder => ({ household: (h) => void households.push(`${seed}:${h.id}`) }));
    const probe: import('./subgraph-server').SubgraphDefinition = {
      name: 'probe',
      department: 'CIVIL_AFFAIRS',
      defaultPort: 0,
      entities: [],
      migrations: [],
      buildSchema: async () => ({ sdl: SDL, schema: buildSubgraphSchema([{ typeDefs: parse(SDL), resolvers: { Query: { hello: () => 'hello' } } }]) }),
      seeder,
    };
    const start = async (file: string, seedDemo: string) => {
      const config = kit.loadConfig(kit.baseConfigSchema, {
        PORT: '0', DATABASE_URL: `sqlite:${path.join(dir, file)}`, DEV_KEYS_DIR: path.join(dir, 'keys'), AUDIT_CHECKPOINT_FILE: 'off',
        LOG_LEVEL: 'silent', SEED_DEMO: seedDemo, SEED_SIZE: '60', SEED: 'demo-seed-test',
      });
      const server = await kit.createSubgraphServer(probe, config);
      await server.stop();
    };

    await start('off.sqlite', 'false');
    expect(seeder).not.toHaveBeenCalled();
    expect(mockPopulationLoaded).toBe(false);
    expect(mockRosterLoaded).toBe(false);

    await start('on.sqlite', 'true');
    expect(seeder).toHaveBeenCalledTimes(1);
    expect(mockPopulationLoaded).toBe(true);
    // every household of the 60 people, of the configured seed
    expect(households.length).toBeGreaterThan(10);
    expect(households.every((h) => h.startsWith('demo-seed-test:'))).toBe(true);
    expect(mockRosterLoaded).toBe(false);
  });
});
