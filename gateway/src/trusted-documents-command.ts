import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
// only graphql and Node built-ins: the generator must not load the gateway or the subgraph kit
import { CLIENT_NAME, ManifestError, buildManifest, manifestJson } from './trusted-documents-manifest';

/** Where the generator writes: stdout a line per manifest written or checked, stderr the problems. */
export interface TrustedDocumentsCommandOutput {
  out(text: string): void;
  err(text: string): void;
}

const STDIO: TrustedDocumentsCommandOutput = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** The repository root (this file is gateway/src or gateway/dist). */
const ROOT = path.resolve(__dirname, '../..');
/** The list of client operation folders that `npm run schema:check` also validates. */
export const CLIENT_OPERATIONS_FILE = path.join(ROOT, 'schema/client-operations.json');
/** Where the gateway reads the manifests by default (TRUSTED_DOCUMENTS_DIR). */
export const DEFAULT_MANIFESTS_DIR = path.join(ROOT, 'gateway/trusted-documents');

/**
 * `npm run trusted-documents -- --client <name> --operations <folder> --out <file>`: writes the client's manifest of
 * trusted documents (`{ "<sha256>": "<document>" }`, one document per named operation with the fragments it uses;
 * trusted-documents-manifest.ts) from the `.graphql` files of the folder. `--registered` instead writes one manifest per
 * client listed in schema/client-operations.json into `--out-dir` (default gateway/trusted-documents, where the gateway
 * reads them). `--check` writes nothing and fails (exit 1) when a manifest on disk differs from what its operations give.
 * Relative paths are resolved from the working directory (the repository root under npm run). Resolves with the exit
 * code.
 */
export async function runTrustedDocumentsCommand(args: string[], io: TrustedDocumentsCommandOutput = STDIO, cwd = process.cwd()): Promise<number> {
  const program = new Command()
    .name('trusted-documents')
    .description("Generate a frontend's manifest of trusted documents (persisted operations) from its .graphql files.")
    .option('--client <name>', 'the client (frontend) the manifest is for; it sends this name in the graphql-client-name header', (v: string) => {
      if (!CLIENT_NAME.test(v)) throw new InvalidArgumentError("letters, digits, '.', '_' and '-' (at most 64)");
      return v;
    })
    .option('--operations <folder>', "the folder of the client's .graphql operations (sub-folders included)")
    .option('--out <file>', 'the manifest file to write (default: <out-dir>/<client>.json)')
    .option('--registered', 'every client listed in schema/client-operations.json, each into <out-dir>/<name>.json')
    .option('--out-dir <folder>', 'the folder of manifests the gateway reads (TRUSTED_DOCUMENTS_DIR)', DEFAULT_MANIFESTS_DIR)
    .option('--check', 'write nothing; exit 1 when a manifest differs from what its operations give')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  try {
    program.parse(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : e.exitCode || 1;
    throw e;
  }
  const o = program.opts<{ client?: string; operations?: string; out?: string; registered?: boolean; outDir: string; check?: boolean }>();
  const outDir = path.resolve(cwd, o.outDir);
  let jobs: { client: string; folder: string; out: string }[];
  if (o.registered) {
    if (o.client || o.operations || o.out) {
      io.err('error: --registered takes the clients from schema/client-operations.json; give no --client, --operations or --out\n');
      return 1;
    }
    const listed = JSON.parse(fs.readFileSync(CLIENT_OPERATIONS_FILE, 'utf8')).clients as { name: string; path: string }[];
    jobs = listed.map((c) => ({ client: c.name, folder: path.resolve(ROOT, c.path), out: path.join(outDir, `${c.name}.json`) }));
  } else {
    if (!o.client || !o.operations) {
      io.err('error: give --client and --operations (or --registered)\n');
      return 1;
    }
    jobs = [{ client: o.client, folder: path.resolve(cwd, o.operations), out: o.out ? path.resolve(cwd, o.out) : path.join(outDir, `${o.client}.json`) }];
  }
  let code = 0;
  for (const job of jobs) {
    let json: string;
    try {
      json = manifestJson(buildManifest(job.folder));
    } catch (e) {
      if (!(e instanceof ManifestError)) throw e;
      io.err(`error: ${job.client}:\n${e.problems.map((p) => `  - ${p}`).join('\n')}\n`);
      code = 1;
      continue;
    }
    const count = Object.keys(JSON.parse(json)).length;
    const shown = path.relative(cwd, job.out) || job.out;
    if (o.check) {
      const current = fs.existsSync(job.out) ? fs.readFileSync(job.out, 'utf8') : undefined;
      if (current === json) io.out(`${job.client}: ${shown} is up to date (${count} documents)\n`);
      else {
        io.err(`error: ${job.client}: ${shown} ${current === undefined ? 'is missing' : 'differs from its operations'}; run npm run trusted-documents -- ${o.registered ? '--registered' : `--client ${job.client} --operations <folder>`}\n`);
        code = 1;
      }
      continue;
    }
    fs.mkdirSync(path.dirname(job.out), { recursive: true });
    fs.writeFileSync(job.out, json);
    io.out(`${job.client}: ${count} documents -> ${shown}\n`);
  }
  return code;
}

if (require.main === module) {
  runTrustedDocumentsCommand(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
