// End-to-end tests drive Debian's Chromium (Playwright's own browser download cannot
// reach its host here). Installs it when missing and we are root; otherwise says how.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);
if (process.getuid?.() !== 0) {
  console.error(`Chromium est introuvable (${path}). Installez-le : sudo apt-get install -y chromium`);
  process.exit(1);
}
console.log('Installation de Chromium (paquet Debian)…');
execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
