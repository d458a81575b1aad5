import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { loadEnvFiles } from '@aidgraph/common/env-file';
// only the small dev-tokens module: `npm run token` must not load the whole subgraph kit (about a second, not 9-30 s)
import { DEPARTMENT_CODES, DevTokenRefused, ROLES, TOWNSHIPS, defaultLifetime, durationSchema, mintDevToken, tokenSettingsSchema } from './dev-tokens';

/** Where the token command writes: stdout gets the token alone, on its last line; stderr everything else. */
export interface TokenCommandOutput {
  out(text: string): void;
  err(text: string): void;
}

const STDIO: TokenCommandOutput = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/**
 * `npm run token -- --role <role> [--township <code> | --village <code> | --department <code>] [--expires <duration>]`: prints a
 * development token signed with the development key (created on first use in DEV_KEYS_DIR, default .dev/keys) on the
 * last line of stdout. It reads the gateway's own settings (AIDGRAPH_MODE, JWT_ISSUER, JWT_AUDIENCE, JWT_MAX_AGE,
 * DEV_KEYS_DIR; the same definitions as the gateway's configuration; run as `npm run token`, from the environment, then
 * gateway/.env and the repository root's .env, as the gateway reads them): refused in production mode, where tokens come from
 * the city's identity provider, and refused for a lifetime longer than JWT_MAX_AGE, which the gateway would refuse.
 * Resolves with the exit code (0 when a token was printed).
 */
export async function runTokenCommand(args: string[], environment: NodeJS.ProcessEnv, io: TokenCommandOutput = STDIO): Promise<number> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(environment)) if (v !== undefined && v !== '') env[k] = v;
  const parsedSettings = tokenSettingsSchema.safeParse(env);
  if (!parsedSettings.success) {
    io.err(`invalid configuration:\n${parsedSettings.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}\n`);
    return 2;
  }
  const settings = parsedSettings.data;
  const program = new Command()
    .name('token')
    .description('Print a development bearer token for AidGraph (never in production).')
    .addOption(new Option('--role <role>', "the caller's role").choices([...ROLES]).makeOptionMandatory())
    .option('--township <code>', `9-digit township code, for a caseworker or township_approver (e.g. ${TOWNSHIPS[0].code} ${TOWNSHIPS[0].name})`)
    .option('--village <code>', `12-digit village/community code, for a village_assistant (its township is the first 9 digits, e.g. ${TOWNSHIPS[0].code}001)`)
    .option('--department <code>', `department code, for a department officer (${DEPARTMENT_CODES.join(', ')})`)
    .option('--subject <name>', 'the staff account the token names', 'dev-user')
    .option(
      '--expires <duration>',
      `lifetime, e.g. 8h or 30m; at most JWT_MAX_AGE (${settings.JWT_MAX_AGE}), which the gateway enforces`,
      (value: string) => {
        if (!durationSchema.safeParse(value).success) throw new InvalidArgumentError('a duration such as 8h, 30m or 90s');
        return value;
      },
      defaultLifetime(settings.JWT_MAX_AGE),
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  try {
    program.parse(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : e.exitCode || 1;
    throw e;
  }
  const o = program.opts<{ role: string; township?: string; village?: string; department?: string; subject: string; expires: string }>();
  if (settings.AIDGRAPH_MODE !== 'production' && (env.JWKS_FILE || env.JWKS_URL))
    io.err('note: JWKS_FILE/JWKS_URL is set: a gateway with these settings accepts only tokens of that key set, not development tokens\n');
  try {
    const { token } = await mintDevToken({ role: o.role, township: o.township, village: o.village, department: o.department, subject: o.subject, expires: o.expires }, settings);
    io.out(`${token}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof DevTokenRefused)) throw e;
    // a refusal is not a usage error: the message alone, without the help text
    io.err(`error: ${e.message}\n`);
    return 1;
  }
}

if (require.main === module) {
  Promise.resolve()
    .then(() => {
      // the same .env files as the gateway (gateway/.env, then the repository root's), under what the environment sets
      loadEnvFiles();
      return runTokenCommand(process.argv.slice(2), process.env);
    })
    .then(
      (code) => {
        process.exitCode = code;
      },
      (e: unknown) => {
        process.stderr.write(`error: ${(e as Error).message}\n`);
        process.exitCode = 1;
      },
    );
}
