/** `segment-studio sql`: the config's portable SQL script in one dialect, to stdout or --out. */
import { writeFileSync } from 'node:fs';
import { compileScript, CompileError } from '../lib/compile/script';
import { DIALECTS, type DialectName } from '../lib/sql/dialect';
import { dialectFor } from '../lib/sql/dialects';
import { readConfig, requireModel, type ConfigSource } from './config-input';
import { CliError, EXIT, firstLine } from './errors';
import { checkOut } from './output';
import { APP } from './version';

/** Options of `sql`. */
export interface SqlOptions extends ConfigSource {
  dialect?: string;
  out?: string;
}

/** The dialect named on the command line, or a usage error listing the known ones. */
export function parseDialect(name: string | undefined): DialectName {
  const d = name ?? 'duckdb';
  if (!(DIALECTS as readonly string[]).includes(d))
    throw new CliError(
      EXIT.usage,
      `--dialect ${d} is not known; use one of ${DIALECTS.join(', ')}`,
    );
  return d as DialectName;
}

/** Runs `sql`; returns the script and where it went. */
export async function sql(
  opts: SqlOptions,
): Promise<{ script: string; out: string | null; dialect: DialectName }> {
  const dialect = parseDialect(opts.dialect);
  const out = opts.out ? checkOut(opts.out, ['.sql']) : null;
  const config = await readConfig(opts);
  requireModel(config, opts.config ?? 'the link');
  let script: string;
  try {
    script = compileScript(config, dialectFor(dialect), {
      generatedAt: new Date().toISOString(),
      app: APP,
    });
  } catch (e) {
    if (e instanceof CompileError) throw new CliError(EXIT.config, e.message);
    throw e;
  }
  if (out) {
    try {
      writeFileSync(out, script);
    } catch (e) {
      throw new CliError(EXIT.output, `cannot write ${out}: ${firstLine(e)}`);
    }
  }
  return { script, out, dialect };
}
