/** What the tool calls itself in the scripts and configs it writes. */
import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

/** "Segment Studio CLI 0.1.0". */
export const APP = `Segment Studio CLI ${pkg.version}`;
