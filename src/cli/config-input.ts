/** Reading the config a command works on: a file (`--config`) or a share link (`--link`). */
import { readFileSync } from 'node:fs';
import { checkConfig, MAX_CONFIG_BYTES, parseConfig } from '../lib/config/validate';
import { decodeLink, LinkError } from '../lib/config/link';
import { formatProblems, type Problem } from '../lib/problems';
import type { StudioConfig } from '../lib/config/schema';
import { CliError, EXIT } from './errors';

/** Where the config comes from. */
export interface ConfigSource {
  config?: string;
  link?: string;
}

const refused = (where: string, problems: Problem[]): CliError =>
  new CliError(
    EXIT.config,
    `${where} is not a usable segmentation config (${problems.length} problem${problems.length === 1 ? '' : 's'}):`,
    formatProblems(problems, 100).split('\n'),
  );

/** The checked config, or a CliError (exit 3) naming every problem with its path. */
export async function readConfig(src: ConfigSource): Promise<StudioConfig> {
  if (src.config && src.link)
    throw new CliError(EXIT.usage, 'give either --config or --link, not both');
  if (src.link) {
    let value: unknown;
    try {
      value = await decodeLink(src.link);
    } catch (e) {
      if (e instanceof LinkError) throw new CliError(EXIT.config, `--link: ${e.message}`);
      throw e;
    }
    const r = checkConfig(value);
    if (!r.ok) throw refused('the link', r.problems);
    return r.config;
  }
  if (!src.config)
    throw new CliError(EXIT.usage, 'which config? give --config segmentation.json or --link URL');
  let text: string;
  try {
    const bytes = readFileSync(src.config);
    if (bytes.length > MAX_CONFIG_BYTES) {
      const mb = (bytes.length / 1e6).toFixed(1);
      throw new CliError(
        EXIT.config,
        `${src.config} is ${mb} MB; a segmentation config is at most 5 MB: is this the right file?`,
      );
    }
    text = bytes.toString('utf8');
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : String((e as Error).message);
    throw new CliError(
      EXIT.config,
      `cannot read the config ${src.config}: ${why}; download it from the studio (Segments step, Download config)`,
    );
  }
  const r = parseConfig(text);
  if (!r.ok) throw refused(src.config, r.problems);
  return r.config;
}

/** A config that can be compiled: it names its data and has a frozen model. */
export function requireModel(config: StudioConfig, where: string): void {
  if (!config.dataset || config.dataset.tables.length === 0)
    throw new CliError(
      EXIT.config,
      `${where} names no data tables (a segments-only config): open it in the studio on your data, compute the features, and download the config again`,
    );
  if (!config.model)
    throw new CliError(
      EXIT.config,
      `${where} has no fitted model: compute the features in the studio before downloading the config, or run "segment-studio fit" first`,
    );
}
