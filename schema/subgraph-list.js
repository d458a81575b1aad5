// What the repository's plain-JavaScript scripts (compose, check, access matrix, the departments and deploy tools) read
// of schema/: the one list of subgraphs, and a file of schema/ as committed. One place, so that they read it alike.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');

/** The subgraphs of `<root>/schema/subgraphs.json`: `{ name, dir, department, url, personFields }[]`, in its order. */
function listedSubgraphs(root = ROOT) {
  return JSON.parse(fs.readFileSync(path.join(root, 'schema/subgraphs.json'), 'utf8')).subgraphs;
}

/**
 * A file as committed (git HEAD): `npm run build` rewrites the working copy with the new code's schema, so the working
 * copy is not what is deployed. Outside a git checkout (an unpacked release), the file as it is; null when it is absent.
 */
function committedFile(file, root = ROOT) {
  try {
    return execFileSync('git', ['show', `HEAD:${path.relative(root, file)}`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  }
}

module.exports = { listedSubgraphs, committedFile };
