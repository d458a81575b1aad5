import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { Kind, parse, print, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

// Only graphql and Node built-ins: `npm run trusted-documents` must not load the gateway or the subgraph kit.

/**
 * A client's manifest of trusted documents: the sha256 (64 lower-case hex digits) of each document's exact text -> that
 * text; the JSON format of graphql-codegen's client preset (`persistedDocuments`) and of Relay's persisted queries.
 */
export type Manifest = Record<string, string>;

/** A registered document, as the gateway knows it: its text and the clients that registered it. */
export interface TrustedDocument {
  hash: string;
  text: string;
  clients: string[];
}

/** Every client's manifest, loaded: documents by hash (a text registered by several clients is one document). */
export interface LoadedManifests {
  /** client name -> how many documents it registered */
  clients: Map<string, number>;
  documents: Map<string, TrustedDocument>;
  /** a short sha256 over every manifest (client names and contents), to tell one set of manifests from another */
  version: string;
}

/** A manifest or an operations folder that cannot be used, with every reason. */
export class ManifestError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'ManifestError';
  }
}

/** A client's name: the file name of its manifest (`<client>.json`) and the `graphql-client-name` header's value. */
export const CLIENT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;
const HASH = /^[0-9a-f]{64}$/;

/** The sha256 of a document's text, as the manifest keys it and as clients send it (`sha256Hash`, `documentId`). */
export function documentHash(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

/** Whether `s` is a document hash: 64 lower-case hex digits. */
export function isDocumentHash(s: unknown): boolean {
  return typeof s === 'string' && HASH.test(s);
}

/** The fragments `node` spreads, directly or through other fragments (unknown names are an error). */
function usedFragments(node: OperationDefinitionNode | FragmentDefinitionNode, fragments: Map<string, FragmentDefinitionNode>, problems: string[], where: string): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const walk = (n: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(n, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (found.has(name)) return;
        const f = fragments.get(name);
        if (!f) {
          problems.push(`${where}: fragment ${name} is not defined in the operations folder`);
          return;
        }
        found.set(name, f);
        walk(f);
      },
    });
  walk(node);
  return [...found.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
}

/**
 * Build a client's manifest from the `.graphql` files of a folder (sub-folders included): one document per named
 * operation, its text the operation followed by the fragments it uses (from any file of the folder, sorted by name),
 * printed by graphql-js (comments and layout dropped), keyed by its sha256. The result does not depend on the order or
 * names of the files; entries are sorted by hash. Anonymous or duplicated operation names, undefined fragments and
 * syntax errors are refused, each named.
 */
export function buildManifest(folder: string): Manifest {
  const files = listGraphqlFiles(folder);
  const problems: string[] = [];
  if (!files.length) problems.push(`${folder}: no .graphql files`);
  const operations: { node: OperationDefinitionNode; file: string }[] = [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const file of files) {
    const rel = path.relative(folder, file);
    let doc: DocumentNode;
    try {
      doc = parse(fs.readFileSync(file, 'utf8'), { noLocation: true });
    } catch (e) {
      problems.push(`${rel}: ${(e as Error).message}`);
      continue;
    }
    for (const def of doc.definitions as readonly DefinitionNode[]) {
      if (def.kind === Kind.OPERATION_DEFINITION) {
        if (!def.name) problems.push(`${rel}: an anonymous operation (a registered operation needs a name)`);
        else operations.push({ node: def, file: rel });
      } else if (def.kind === Kind.FRAGMENT_DEFINITION) {
        if (fragments.has(def.name.value)) problems.push(`${rel}: fragment ${def.name.value} is defined twice`);
        fragments.set(def.name.value, def);
      } else problems.push(`${rel}: only operations and fragments belong in an operations folder`);
    }
  }
  const names = new Map<string, string>();
  const manifest: Manifest = {};
  for (const { node, file } of operations) {
    const name = node.name!.value;
    if (names.has(name)) problems.push(`${file}: operation ${name} is also defined in ${names.get(name)}`);
    names.set(name, file);
    const text = print({ kind: Kind.DOCUMENT, definitions: [node, ...usedFragments(node, fragments, problems, file)] });
    manifest[documentHash(text)] = text;
  }
  if (problems.length) throw new ManifestError(problems);
  return Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The manifest's JSON as the generator writes it: two-space indented, entries sorted by hash, a final newline. */
export function manifestJson(manifest: Manifest): string {
  return `${JSON.stringify(Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => (a < b ? -1 : 1))), null, 2)}\n`;
}

function listGraphqlFiles(folder: string): string[] {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new ManifestError([`${folder}: not a folder`]);
  return (fs.readdirSync(folder, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile() && d.name.endsWith('.graphql'))
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}

/** Check one parsed manifest file: an object of hash -> parseable document whose sha256 is that hash. */
export function checkManifest(value: unknown, where: string): Manifest {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ManifestError([`${where}: not a JSON object of sha256 -> document`]);
  const problems: string[] = [];
  for (const [hash, text] of Object.entries(value as Record<string, unknown>)) {
    if (!isDocumentHash(hash)) problems.push(`${where}: key ${hash.slice(0, 80)} is not a sha256 (64 lower-case hex digits)`);
    else if (typeof text !== 'string') problems.push(`${where}: ${hash} is not a document text`);
    else if (documentHash(text) !== hash) problems.push(`${where}: ${hash} is not the sha256 of its document`);
    else {
      try {
        parse(text, { noLocation: true });
      } catch (e) {
        problems.push(`${where}: ${hash}: ${(e as Error).message}`);
      }
    }
  }
  if (problems.length) throw new ManifestError(problems);
  return value as Manifest;
}

/**
 * Read every client's manifest from a folder: each `<client>.json` is one client's (its name the file's base name).
 * Throws ManifestError naming every file and entry that cannot be used (nothing is half-loaded).
 */
export function loadManifests(dir: string): LoadedManifests {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new ManifestError([`${dir}: no folder of trusted-document manifests`]);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const problems: string[] = [];
  const clients = new Map<string, number>();
  const documents = new Map<string, TrustedDocument>();
  const version = crypto.createHash('sha256');
  for (const file of files) {
    const client = file.slice(0, -'.json'.length);
    if (!CLIENT_NAME.test(client)) {
      problems.push(`${file}: a client name is letters, digits, '.', '_' and '-' (at most 64)`);
      continue;
    }
    const raw = fs.readFileSync(path.join(dir, file), 'utf8');
    version.update(`${client}\0${raw}\0`);
    let manifest: Manifest;
    try {
      manifest = checkManifest(JSON.parse(raw), file);
    } catch (e) {
      problems.push(...(e instanceof ManifestError ? e.problems : [`${file}: ${(e as Error).message}`]));
      continue;
    }
    clients.set(client, Object.keys(manifest).length);
    for (const [hash, text] of Object.entries(manifest)) {
      const known = documents.get(hash);
      if (known) known.clients.push(client);
      else documents.set(hash, { hash, text, clients: [client] });
    }
  }
  if (!files.length) problems.push(`${dir}: no <client>.json manifest`);
  if (problems.length) throw new ManifestError(problems);
  return { clients, documents, version: version.digest('hex').slice(0, 12) };
}
