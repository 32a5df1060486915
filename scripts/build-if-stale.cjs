// `npm start` runs this first: it builds dist/ when it is missing or older than the sources, so
// `npm install && npm start` works on a fresh clone while a start from an unchanged build (or
// from an image that ships dist/ without sources) does not rebuild. `npm run start:prod` and the
// container image run `node dist/src/main.js` and never build.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'src', 'main.js');
const inputs = ['src', 'migrations', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

if (!existsSync(join(root, 'src'))) process.exit(0); // a built image: dist/ is all there is
const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
const changed = Math.max(...inputs.map((input) => newest(join(root, input))));
if (built >= changed) process.exit(0);
console.error(built ? 'Sources changed since the last build: building.' : 'No build yet: building.');
const nest = join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
const result = spawnSync(process.execPath, [nest, 'build'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
