import fs from 'node:fs';
import path from 'node:path';

/** The example operations the README shows (tests/operations/*.graphql), by file name without extension. */
export function operation(name: string): string {
  return fs.readFileSync(path.join(__dirname, '../operations', `${name}.graphql`), 'utf8');
}

export function operationNames(): string[] {
  return fs.readdirSync(path.join(__dirname, '../operations')).filter((f) => f.endsWith('.graphql')).map((f) => f.replace(/\.graphql$/, ''));
}
