// Starts the API on a fresh embedded PostgreSQL (a new temporary folder each run).
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });

const dir = mkdtempSync(join(tmpdir(), 'ensemblier-e2e-'));
chmodSync(dir, 0o755);
const child = spawn('pnpm', ['--filter', '@ensemblier/api', 'exec', 'tsx', 'src/main.ts'], {
  stdio: 'inherit',
  env: { ...process.env, EMBEDDED_PG_DIR: join(dir, 'pg'), EMBEDDED_PG_PORT: String(await freePort()) },
});
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code) => process.exit(code ?? 0));
