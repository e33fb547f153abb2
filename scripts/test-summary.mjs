// Sums every runner's JSON report into the one line CI reads: "N passed, N failed".
// A runner whose report is missing (it crashed or never ran) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'test-results');
const reports = ['vitest-shared.json', 'vitest-db.json', 'vitest-api.json', 'vitest-web.json', 'playwright.json'];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of reports) {
  const file = join(dir, name);
  if (!existsSync(file)) {
    console.error(`missing report: ${name}`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  if (name.startsWith('vitest')) {
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.success === false && r.numFailedTests === 0 ? 1 : 0);
    skipped += r.numPendingTests + r.numTodoTests;
  } else {
    passed += r.stats.expected + r.stats.flaky;
    failed += r.stats.unexpected + (r.errors?.length ? 1 : 0);
    skipped += r.stats.skipped;
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
