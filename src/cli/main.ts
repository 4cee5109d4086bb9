/**
 * The command-line tool's entry: parses the arguments, runs one command, prints its result
 * (human lines, or one JSON object with `--json`) and exits with a code a scheduler can act on.
 */
import { parseArgs } from 'node:util';
import { rmSync } from 'node:fs';
import { apply } from './apply';
import { fit } from './fit';
import { report } from './report';
import { CliError, EXIT } from './errors';
import { Progress } from './progress';
import { sql } from './sql-command';
import { temporaryFolders } from './transcode';
import { USAGE } from './usage';
import { APP } from './version';

const OPTIONS = {
  config: { type: 'string' },
  link: { type: 'string' },
  data: { type: 'string', multiple: true },
  out: { type: 'string' },
  'as-of': { type: 'string' },
  dialect: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

const COMMANDS = ['apply', 'fit', 'sql', 'report'] as const;

/** Only the options a command reads; anything else is a usage error rather than ignored. */
const ALLOWED: Record<(typeof COMMANDS)[number], string[]> = {
  apply: ['config', 'link', 'data', 'out'],
  fit: ['config', 'link', 'data', 'out', 'as-of'],
  sql: ['config', 'link', 'dialect', 'out'],
  report: ['config', 'link', 'data', 'out'],
};

function parse(argv: string[]): {
  command: (typeof COMMANDS)[number] | 'help' | 'version';
  values: Values;
} {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(
      EXIT.usage,
      `${(e as Error).message.split('\n')[0]}; see segment-studio --help`,
    );
  }
  const { values, positionals } = parsed;
  if (values.version) return { command: 'version', values };
  if (values.help || positionals.length === 0) return { command: 'help', values };
  const [command, ...rest] = positionals;
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new CliError(
      EXIT.usage,
      `unknown command "${command}"; use one of ${COMMANDS.join(', ')} (segment-studio --help)`,
    );
  if (rest.length)
    throw new CliError(EXIT.usage, `unexpected argument "${rest[0]}": options start with --`);
  const cmd = command as (typeof COMMANDS)[number];
  const common = ['json', 'quiet', 'help', 'version'];
  for (const k of Object.keys(values))
    if (!ALLOWED[cmd].includes(k) && !common.includes(k))
      throw new CliError(EXIT.usage, `${command} does not take --${k}; see segment-studio --help`);
  return { command: cmd, values };
}

const say = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

async function run(command: ReturnType<typeof parse>['command'], v: Values): Promise<unknown> {
  const progress = new Progress(Boolean(v.quiet));
  const src = { config: v.config, link: v.link };
  switch (command) {
    case 'help':
      process.stdout.write(USAGE);
      return null;
    case 'version':
      say(APP);
      return null;
    case 'apply': {
      const r = await apply({ ...src, data: v.data ?? [], out: v.out }, progress);
      if (!v.json) {
        say(`wrote ${r.out}: ${r.customers.toLocaleString('en')} customers in ${r.seconds} s`);
        for (const s of r.segments)
          say(
            `  ${(s.name ?? '(no segment: a recency, frequency or monetary value is missing)').padEnd(30)} ${s.customers.toLocaleString('en').padStart(12)}`,
          );
        say(
          `assignment digest ${r.digest.slice(0, 16)} (the studio shows the same for the same data and config)`,
        );
      }
      return r;
    }
    case 'sql': {
      const r = await sql({ ...src, dialect: v.dialect, out: v.out });
      if (!v.out && !v.json) process.stdout.write(r.script);
      else if (!v.json) say(`wrote ${r.out} (${r.dialect})`);
      return {
        command: 'sql',
        dialect: r.dialect,
        out: r.out,
        ...(v.out ? {} : { script: r.script }),
      };
    }
    case 'fit': {
      const r = await fit({ ...src, data: v.data ?? [], out: v.out, asOf: v['as-of'] }, progress);
      if (!v.json) {
        say(
          `wrote ${r.out}: refitted as of ${r.asOf} on ${r.customers.toLocaleString('en')} customers in ${r.seconds} s`,
        );
        say(`  ${r.method}: ${r.segments.map((s) => s.name).join(', ')}`);
      }
      return r;
    }
    case 'report': {
      const r = await report({ ...src, data: v.data ?? [], out: v.out }, progress);
      if (!v.json)
        say(`wrote ${r.out}: ${r.customers.toLocaleString('en')} customers in ${r.seconds} s`);
      return r;
    }
  }
}

/** Runs the tool with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { command, values } = parse(argv);
    json = Boolean(values.json);
    const result = await run(command, values);
    if (json && result !== null) say(JSON.stringify({ ok: true, ...(result as object) }));
    return EXIT.ok;
  } catch (e) {
    const err =
      e instanceof CliError
        ? e
        : new CliError(
            EXIT.unexpected,
            `unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
          );
    process.stderr.write(`segment-studio: error: ${err.message}\n`);
    for (const d of err.details) process.stderr.write(`  ${d}\n`);
    if (json)
      say(
        JSON.stringify({ ok: false, exitCode: err.code, error: err.message, details: err.details }),
      );
    return err.code;
  } finally {
    for (const dir of temporaryFolders()) rmSync(dir, { recursive: true, force: true });
  }
}
