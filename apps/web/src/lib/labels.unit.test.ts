import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, AUDIT_OBJECT_LABELS } from './labels.ts';

/** Every audit action and object type the API writes has a French label in the journal. */
function apiSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? apiSources(path) : path.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('journal labels', () => {
  const sources = apiSources(join(import.meta.dirname, '../../../api/src')).join('\n');
  it('name every action the API audits', () => {
    // Audit actions are namespaced ('referral.accept'); a bare 'send' is a referral history event, not an audit action.
    const actions = new Set([...sources.matchAll(/action: '([a-z_]+\.[a-z_.]+)'/g)].map((m) => m[1]!));
    for (const event of ['invitation_accepted', 'password_reset_done']) actions.add(`auth.${event}`);
    expect(actions.size).toBeGreaterThan(15);
    expect([...actions].filter((a) => !AUDIT_ACTION_LABELS[a])).toEqual([]);
  });
  it('name every object type', () => {
    const types = new Set([...sources.matchAll(/objectType: '([a-z_]+)'/g)].map((m) => m[1]!));
    expect([...types].filter((t) => !AUDIT_OBJECT_LABELS[t])).toEqual([]);
  });
});
