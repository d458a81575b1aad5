import { Command, Option } from 'commander';
import { ROLES, ensureDevKey, isDepartmentCode, isTownshipCode, signToken, DEPARTMENT_CODES, TOWNSHIPS } from '@aidgraph/subgraph-kit';

/**
 * `npm run token -- --role <role> [--township <code> | --department <code>]`: prints a development token signed with the
 * development key (created on first use in DEV_KEYS_DIR, default .dev/keys). Refused in production mode, where tokens
 * come from the city's identity provider.
 */
async function main(): Promise<void> {
  const program = new Command()
    .name('token')
    .description('Print a development bearer token for AidGraph (never in production).')
    .addOption(new Option('--role <role>', 'the caller\'s role').choices([...ROLES]).makeOptionMandatory())
    .option('--township <code>', `9-digit township code, for a caseworker (e.g. ${TOWNSHIPS[0].code} ${TOWNSHIPS[0].name})`)
    .option('--department <code>', `department code, for a department officer (e.g. EDUCATION, MEDICAL_SECURITY, HOUSING, DISABLED_PERSONS_FEDERATION, CHARITY_FEDERATION, CIVIL_AFFAIRS)`)
    .option('--subject <name>', 'the staff account the token names', 'dev-user')
    .option('--expires <duration>', 'lifetime, e.g. 8h or 30m', '8h')
    .showHelpAfterError();
  program.parse();
  const o = program.opts<{ role: (typeof ROLES)[number]; township?: string; department?: string; subject: string; expires: string }>();
  if ((process.env.AIDGRAPH_MODE ?? 'development') === 'production') program.error('refused: development tokens are not issued in production mode');
  if (o.role === 'caseworker' && !(o.township && isTownshipCode(o.township)))
    program.error(`a caseworker token needs --township with one of: ${TOWNSHIPS.map((t) => `${t.code} (${t.name})`).join(', ')}`);
  if (o.role === 'department_officer' && !(o.department && isDepartmentCode(o.department)))
    program.error(`a department_officer token needs --department with one of: ${DEPARTMENT_CODES.join(', ')}`);
  const { privateJwk } = await ensureDevKey(process.env.DEV_KEYS_DIR || undefined);
  const token = await signToken(
    privateJwk,
    { subject: o.subject, role: o.role, township: o.role === 'caseworker' ? o.township : undefined, department: o.role === 'department_officer' ? o.department : undefined, expiresIn: o.expires },
    process.env.JWT_ISSUER || 'aidgraph-dev',
    process.env.JWT_AUDIENCE || 'aidgraph',
  );
  process.stdout.write(`${token}\n`);
}

void main();
