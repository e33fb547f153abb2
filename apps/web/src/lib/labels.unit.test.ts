import { describe, expect, it } from 'vitest';
import { auditActionLabel, organisationStatus, roleLabel } from './labels.ts';

describe('labels', () => {
  it('says the journal actions in French', () => {
    expect(auditActionLabel('organisation.deactivate')).toBe('Désactivation d’une structure');
    expect(auditActionLabel('auth.login')).toBe('Connexion');
    expect(auditActionLabel('something.new')).toBe('something.new');
  });

  it('labels roles and statuses', () => {
    expect(roleLabel('partner_worker')).toBe('Intervenant de structure');
    expect(organisationStatus('deactivated').label).toBe('Désactivée');
  });
});
