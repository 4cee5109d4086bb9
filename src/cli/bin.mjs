#!/usr/bin/env node
// The `segment-studio` command: runs src/cli/main.ts through tsx (a dependency), so a fresh
// `npm ci` is all the tool needs; there is no build step to forget (see README).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
