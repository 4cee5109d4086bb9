// Finds PostgreSQL's server binaries for the SQL dialect tests; installs Debian's package with apt
// when they are missing and apt is there, else stops with a one-line instruction.
import { existsSync, readdirSync } from 'node:fs';
import { execSync } from 'node:child_process';
import path from 'node:path';

function installed() {
  if (process.env.PG_BIN && existsSync(path.join(process.env.PG_BIN, 'initdb'))) {
    return process.env.PG_BIN;
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

const hasPsql = () => {
  try {
    execSync('psql --version', { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** The folder with initdb, pg_ctl and postgres, installing Debian's package when possible. */
export function findPostgres({ install = true } = {}) {
  let bin = installed();
  if (bin && hasPsql()) return bin;
  if (install && existsSync('/usr/bin/apt-get')) {
    const sudo = process.getuid && process.getuid() === 0 ? '' : 'sudo ';
    console.log("PostgreSQL not found: installing Debian's postgresql with apt-get ...");
    execSync(
      `${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql`,
      { stdio: 'inherit' },
    );
    bin = installed();
    if (bin && hasPsql()) return bin;
  }
  console.error(
    'No PostgreSQL server found: install it (Debian: apt-get install postgresql) or set PG_BIN=/path/to/postgresql/bin.',
  );
  process.exit(2);
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(findPostgres());
