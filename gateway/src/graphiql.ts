import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';

const DEFAULT_QUERY = `# AidGraph — Jiaozhou's social assistance graph.
# Your token goes with every request (the bar at the bottom right says whose it is; "Sign out" to change it).
# Analysts see gender, age band and township per row (each combination shared by at least 5 people) and count the rest.
query FirstPeople {
  people(first: 5) {
    totalCount
    edges { node { id name gender ageBand township { name } } }
  }
  dibaoRecipients: people(filter: { programme: DIBAO }) { totalCount }
}
`;

/** Where the page's own script and style live (gateway/static, next to src/ and dist/). */
const STATIC_DIR = path.resolve(__dirname, '../static');

/** One file of the GraphiQL page, served at /graphiql/assets/<name> with its content hash in the name. */
export interface GraphiQLAsset {
  /** e.g. `graphiql.3f2a9c1d0b7e.js` */
  name: string;
  type: 'application/javascript' | 'text/css';
  body: Buffer;
  /** a strong ETag: the SHA-256 of the body */
  etag: string;
}

/** The development sign-in the page offers: the endpoint that mints a token and the choices it takes. */
export interface DevSignInOptions {
  /** the path of the gateway's development token endpoint (POST, JSON) */
  url: string;
  roles: readonly string[];
  townships: readonly { code: string; name: string }[];
  departments: readonly string[];
  /** JWT_MAX_AGE: the longest token the gateway accepts */
  maxAge: string;
}

export interface GraphiQLOptions {
  /** the GraphQL endpoint the page calls (default /graphql) */
  endpoint?: string;
  /** development only: offer a sign-in by role through this endpoint */
  devSignIn?: DevSignInOptions;
}

/** Where assets are served (the page names them by content hash, so they may be cached for a year). */
export const ASSET_PREFIX = '/graphiql/assets/';
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

function asset(base: string, ext: 'js' | 'css', content: string | Buffer): GraphiQLAsset {
  const body = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  const hash = crypto.createHash('sha256').update(body).digest('hex');
  return { name: `${base}.${hash.slice(0, 12)}.${ext}`, type: ext === 'js' ? 'application/javascript' : 'text/css', body, etag: `"${hash}"` };
}

/**
 * GraphiQL's scripts, style and editor workers as separate files, taken from @graphql-yoga/render-graphiql in
 * node_modules (its `graphiql` module holds them as strings; no CDN), plus the page's own sign-in script and style.
 */
export function graphiqlAssets(): Record<'js' | 'css' | 'editorWorker' | 'jsonWorker' | 'graphqlWorker' | 'signinJs' | 'signinCss', GraphiQLAsset> {
  // resolved by Node through the package's `exports` (./* -> cjs/*.js); TypeScript's node10 resolution cannot see it
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yoga = require('@graphql-yoga/render-graphiql/graphiql') as Record<'js' | 'css' | 'editorWorkerService' | 'jsonWorker' | 'graphqlWorker', string>;
  return {
    js: asset('graphiql', 'js', yoga.js),
    css: asset('graphiql', 'css', yoga.css),
    editorWorker: asset('editor.worker', 'js', yoga.editorWorkerService),
    jsonWorker: asset('json.worker', 'js', yoga.jsonWorker),
    graphqlWorker: asset('graphql.worker', 'js', yoga.graphqlWorker),
    signinJs: asset('signin', 'js', fs.readFileSync(path.join(STATIC_DIR, 'graphiql-signin.js'))),
    signinCss: asset('signin', 'css', fs.readFileSync(path.join(STATIC_DIR, 'graphiql-signin.css'))),
  };
}

/** JSON for a `<script type="application/json">` element: nothing in it can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/**
 * The GraphiQL page (a few kilobytes): it names its scripts, style and workers by content hash under /graphiql/assets/,
 * and carries its settings as JSON. The sign-in script asks for a token first (or offers the development sign-in by
 * role), checks it with the gateway, then starts GraphiQL, which sends it with every request — the schema's
 * introspection included — and persists the Headers tab across reloads (`shouldPersistHeaders`).
 */
export function graphiqlPage(assets: ReturnType<typeof graphiqlAssets>, options: GraphiQLOptions = {}): string {
  const url = (a: GraphiQLAsset) => `${ASSET_PREFIX}${a.name}`;
  const settings = {
    endpoint: options.endpoint ?? '/graphql',
    tokenCommand: 'npm run token -- --role analyst',
    devSignIn: options.devSignIn ?? null,
    workers: { editorWorkerService: url(assets.editorWorker), json: url(assets.jsonWorker), graphql: url(assets.graphqlWorker) },
    graphiql: {
      title: 'AidGraph GraphiQL',
      defaultQuery: DEFAULT_QUERY,
      shouldPersistHeaders: true,
      favicon: 'data:,',
      logo: ' ',
    },
  };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>AidGraph GraphiQL</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${url(assets.css)}" />
    <link rel="stylesheet" href="${url(assets.signinCss)}" />
    <script id="aidgraph-graphiql-settings" type="application/json">${scriptJson(settings)}</script>
    <script src="${url(assets.js)}" defer></script>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript.</noscript>
    <div id="aidgraph-signin"></div>
    <div id="root"></div>
    <script src="${url(assets.signinJs)}"></script>
  </body>
</html>
`;
}

/**
 * Express routes of GraphiQL: the page at / and /graphiql (`Cache-Control: no-cache`, ETag) and its assets at
 * /graphiql/assets/<name>.<hash>.<ext> (`Cache-Control: public, max-age=31536000, immutable`, strong ETag; 304 on a
 * matching If-None-Match). Compression is the app's (see web.ts).
 */
export function graphiqlRouter(options: GraphiQLOptions = {}): express.Router {
  const assets = graphiqlAssets();
  const byName = new Map(Object.values(assets).map((a) => [a.name, a]));
  const page = graphiqlPage(assets, options);
  const router = express.Router();
  router.get(['/', '/graphiql'], (_req, res) => {
    res.set('cache-control', 'no-cache').type('html').send(page);
  });
  router.get(`${ASSET_PREFIX}:name`, (req, res) => {
    const a = byName.get(String(req.params.name));
    if (!a) {
      res.status(404).type('text').send('not found');
      return;
    }
    res.set({ 'cache-control': ASSET_CACHE_CONTROL, etag: a.etag, 'x-content-type-options': 'nosniff' }).type(a.type).send(a.body);
  });
  return router;
}
