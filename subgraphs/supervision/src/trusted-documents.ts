import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { ENGINE_CLIENT_NAME, engineManifestJson } from './modules/rules/documents';

/** Where the gateway reads its manifests by default (gateway/trusted-documents; this file is src or dist). */
export const ENGINE_MANIFEST_FILE = path.resolve(__dirname, '../../../gateway/trusted-documents', `${ENGINE_CLIENT_NAME}.json`);

/**
 * `npm run trusted-documents:engine [-- --out <file>] [--check]`: writes the rule engine's manifest of trusted documents
 * (every document it can send the gateway: modules/rules/documents.ts) where the gateway reads it, so that the rules
 * still run with TRUSTED_DOCUMENTS=enforce. `--check` writes nothing and exits 1 when the file differs (a rule's query
 * changed without it). Resolves with the exit code; `out`/`err` take the lines.
 */
export async function runEngineManifestCommand(
  args: string[],
  out: (text: string) => void = (t) => void process.stdout.write(t),
  err: (text: string) => void = (t) => void process.stderr.write(t),
): Promise<number> {
  const program = new Command('trusted-documents:engine')
    .description("Write the supervision rule engine's manifest of trusted documents for the gateway")
    .option('--out <file>', 'the manifest file', ENGINE_MANIFEST_FILE)
    .option('--check', 'write nothing; exit 1 when the file differs from what the rules send')
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err });
  try {
    program.parse(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.code === 'commander.helpDisplayed' ? 0 : e.exitCode || 1;
    throw e;
  }
  const o = program.opts<{ out: string; check?: boolean }>();
  const json = engineManifestJson();
  const count = Object.keys(JSON.parse(json)).length;
  if (o.check) {
    const current = fs.existsSync(o.out) ? fs.readFileSync(o.out, 'utf8') : null;
    if (current === json) {
      out(`${o.out}: up to date (${count} documents)\n`);
      return 0;
    }
    err(`${o.out}: ${current === null ? 'missing' : 'differs from what the rules send'}: run npm run trusted-documents:engine\n`);
    return 1;
  }
  fs.mkdirSync(path.dirname(o.out), { recursive: true });
  fs.writeFileSync(o.out, json);
  out(`${o.out}: ${count} documents\n`);
  return 0;
}

if (require.main === module) void runEngineManifestCommand(process.argv.slice(2)).then((code) => (process.exitCode = code));
