import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../errors.ts';
import { inviteMemberInput, organisationInput } from '../admin/schemas.ts';
import { loginInput, setPasswordInput } from './schemas.ts';
import { navigationFor } from './navigation.ts';
import { can } from './permissions.ts';
import { ROLES } from './roles.ts';

describe('schemas speak French and normalise input', () => {
  it('login: normalises the email, explains what is missing', () => {
    expect(loginInput.parse({ email: '  Claire@Exemple.FR ', password: 'x' }).email).toBe('claire@exemple.fr');
    const r = loginInput.safeParse({ email: 'pas-un-email', password: '' });
    expect(r.success).toBe(false);
    expect(fieldErrors(r.error!)).toEqual({
      email: 'Indiquez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.',
      password: 'Indiquez votre mot de passe.',
    });
  });

  it('a new password has at least 12 characters and must be confirmed', () => {
    const token = 'a'.repeat(32);
    expect(
      fieldErrors(setPasswordInput.safeParse({ token, password: 'court', passwordConfirmation: 'court' }).error!),
    ).toEqual({ password: 'Le mot de passe doit contenir au moins 12 caractères.' });
    expect(
      fieldErrors(
        setPasswordInput.safeParse({ token, password: 'douze caractères', passwordConfirmation: 'autre chose ici' })
          .error!,
      ),
    ).toEqual({ passwordConfirmation: 'Les deux mots de passe ne sont pas identiques.' });
    expect(
      setPasswordInput.safeParse({ token, password: 'douze caractères', passwordConfirmation: 'douze caractères' })
        .success,
    ).toBe(true);
  });

  it('organisation: phone numbers are normalised, empty optional fields become null', () => {
    expect(
      organisationInput.parse({ name: ' CCAS de Lunel ', type: 'ccas', phone: '04 67 00.00-01', email: '' }),
    ).toEqual({ name: 'CCAS de Lunel', type: 'ccas', phone: '0467000001', email: null, communeInsee: null });
    expect(fieldErrors(organisationInput.safeParse({ name: 'X', type: 'ccas', phone: '12' }).error!)).toEqual({
      name: 'Le nom doit contenir au moins 2 caractères.',
      phone: 'Indiquez un numéro à 10 chiffres, par exemple 01 47 29 50 50.',
    });
  });

  it('invitation: a role must be one of the six', () => {
    const r = inviteMemberInput.safeParse({
      organisationId: '6f1c1f7e-4d1a-4c1e-9f7e-1b2c3d4e5f60',
      email: 'a@b.fr',
      name: 'A',
      role: 'superuser',
    });
    expect(fieldErrors(r.error!)).toEqual({ role: 'Choisissez un rôle.' });
  });
});

describe('navigation', () => {
  it('shows each role only its entries among the delivered features', () => {
    expect(navigationFor('admin').map((e) => e.label)).toEqual([
      'Tableau de bord',
      'Personnes',
      'Orientations',
      'Annuaire',
      'Commissions',
      'Visites',
      'Administration',
    ]);
    expect(navigationFor('partner_manager').map((e) => e.label)).toEqual([
      'Tableau de bord',
      'Personnes',
      'Mes tâches',
      'Orientations',
      'Annuaire',
      'Administration',
    ]);
    expect(navigationFor('coordinator').map((e) => e.label)).toEqual([
      'Tableau de bord',
      'Personnes',
      'Mes tâches',
      'Orientations',
      'Annuaire',
      'Commissions',
      'Registre',
      'Visites',
    ]);
    expect(navigationFor('partner_worker').map((e) => e.label)).toEqual([
      'Tableau de bord',
      'Personnes',
      'Mes tâches',
      'Orientations',
      'Annuaire',
    ]);
    expect(navigationFor('volunteer').map((e) => e.label)).toEqual(['Tableau de bord', 'Annuaire', 'Visites']);
    expect(navigationFor('commission_member').map((e) => e.label)).toEqual(['Tableau de bord', 'Commissions']);
    expect(navigationFor('archivist').map((e) => e.label)).toEqual(['Tableau de bord', 'Archives']);
  });
  it('shows « Visites » to anyone given visits or calls, in its place in the menu', () => {
    expect(navigationFor('partner_worker', { visitor: true }).map((e) => e.key)).toEqual([
      'dashboard',
      'persons',
      'tasks',
      'referrals',
      'directory',
      'visits',
    ]);
    expect(navigationFor('partner_worker', { visitor: false }).some((e) => e.key === 'visits')).toBe(false);
    expect(navigationFor('volunteer', { visitor: true })).toEqual(navigationFor('volunteer'));
  });
  it('offers the archives exactly to the roles that may read them', () => {
    for (const role of ROLES) {
      const actor = { userId: 'u', organisationId: 'o', role };
      expect(navigationFor(role).some((e) => e.key === 'archives')).toBe(can(actor, 'archives.read'));
    }
  });
  it('offers referrals exactly to the roles that may use them', () => {
    for (const role of ROLES) {
      const actor = { userId: 'u', organisationId: 'o', role };
      expect(navigationFor(role).some((e) => e.key === 'referrals')).toBe(can(actor, 'referral.use'));
      // The persons' files follow the same rule (need to know: no volunteer, no commission member).
      expect(navigationFor(role).some((e) => e.key === 'persons')).toBe(can(actor, 'referral.use'));
    }
  });
});
