import { auditSealTask } from '../src/audit/seal.task.ts';
import { CRONTAB } from '../src/worker/runner.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, failure, inTerritory, setupApi, type Browser, type Harness } from './harness.ts';

let h: Harness;
let admin: Browser;
let orgs: Record<string, string>;

beforeAll(async () => {
  h = await setupApi();
  admin = await h.as('admin@demo.ensemblier.fr');
  const rows = await inTerritory(h, (tx) => tx`SELECT id, type, name FROM organisation`);
  orgs = Object.fromEntries(rows.map((r) => [r.name, r.id]));
});
afterAll(() => h.close());

const linkFrom = (text: string) => /(http:\/\/localhost:3000\/invitation\/[a-z2-7]+)/.exec(text)?.[1];

describe('invitation', () => {
  it('admin invites → mail in the dev outbox → the link sets a password → the person logs in', async () => {
    const { invited } = await admin.trpc.admin.members.invite.mutate({
      organisationId: orgs['CLIC Est Héraultais']!,
      email: 'Nouvelle.Personne@Exemple.fr',
      name: 'Nouvelle Personne',
      role: 'partner_worker',
    });
    expect(invited).toBe(true);
    await h.runJobs();
    const [mail] = await h.db
      .app`SELECT to_address, subject, text_body FROM dev_mail WHERE to_address = 'nouvelle.personne@exemple.fr'`;
    expect(mail?.subject).toBe('Invitation à rejoindre CLIC Est Héraultais sur Ensemblier');
    const link = linkFrom(mail!.text_body)!;
    const token = link.split('/').pop()!;
    const anonymous = h.browser();
    expect(await anonymous.trpc.auth.invitationInfo.query({ token })).toEqual({
      name: 'Nouvelle Personne',
      email: 'nouvelle.personne@exemple.fr',
      organisations: ['CLIC Est Héraultais'],
    });
    const mismatch = await failure(
      anonymous.trpc.auth.acceptInvitation.mutate({
        token,
        password: 'un mot de passe long',
        passwordConfirmation: 'autre chose encore',
      }),
    );
    expect(mismatch.data?.fieldErrors).toEqual({
      passwordConfirmation: 'Les deux mots de passe ne sont pas identiques.',
    });
    const short = await failure(
      anonymous.trpc.auth.acceptInvitation.mutate({ token, password: 'court', passwordConfirmation: 'court' }),
    );
    expect(short.data?.fieldErrors?.password).toBe('Le mot de passe doit contenir au moins 12 caractères.');
    await anonymous.trpc.auth.acceptInvitation.mutate({
      token,
      password: 'un mot de passe long',
      passwordConfirmation: 'un mot de passe long',
    });
    expect(
      await codeOf(
        anonymous.trpc.auth.acceptInvitation.mutate({
          token,
          password: 'un autre mot de passe',
          passwordConfirmation: 'un autre mot de passe',
        }),
      ),
    ).toBe('NOT_FOUND');
    const person = h.browser();
    expect(await person.login('nouvelle.personne@exemple.fr', 'un mot de passe long')).toEqual({ stage: 'full' });
    const me = await person.trpc.auth.me.query();
    expect(me.activeMembership).toMatchObject({ role: 'partner_worker', organisationName: 'CLIC Est Héraultais' });
    const events = await inTerritory(
      h,
      (tx) =>
        tx`SELECT e.kind FROM security_event e JOIN app_user u ON u.id = e.user_id WHERE u.email = 'nouvelle.personne@exemple.fr' ORDER BY e.id`,
    );
    expect(events.map((e) => e.kind)).toEqual(['invitation_sent', 'invitation_accepted', 'login_success']);
  });

  it('an invitation link expires after 7 days', async () => {
    await admin.trpc.admin.members.invite.mutate({
      organisationId: orgs['CLIC Est Héraultais']!,
      email: 'tardif@exemple.fr',
      name: 'Tardif',
      role: 'partner_worker',
    });
    await h.runJobs();
    const [mail] = await h.db.app`SELECT text_body FROM dev_mail WHERE to_address = 'tardif@exemple.fr'`;
    const token = linkFrom(mail!.text_body)!.split('/').pop()!;
    h.clock.advance(7 * 24 * 3_600_000 + 1000);
    expect(await codeOf(h.browser().trpc.auth.invitationInfo.query({ token }))).toBe('NOT_FOUND');
    h.clock.advance(-(7 * 24 * 3_600_000 + 1000));
  });

  it('password reset by email, which ends existing sessions', async () => {
    const old = await h.as('responsable.entraide@demo.ensemblier.fr');
    await h.browser().trpc.auth.requestPasswordReset.mutate({ email: 'responsable.entraide@demo.ensemblier.fr' });
    await h.browser().trpc.auth.requestPasswordReset.mutate({ email: 'personne@inconnue.fr' }); // same answer, no mail
    await h.runJobs();
    const mails = await h.db.app`SELECT to_address, text_body FROM dev_mail WHERE subject LIKE 'Réinitialisation%'`;
    expect(mails.map((m) => m.to_address)).toEqual(['responsable.entraide@demo.ensemblier.fr']);
    const token = /nouveau\/([a-z2-7]+)/.exec(mails[0]!.text_body)![1]!;
    await h.browser().trpc.auth.resetPassword.mutate({
      token,
      password: 'nouveau mot de passe sûr',
      passwordConfirmation: 'nouveau mot de passe sûr',
    });
    expect(await codeOf(old.trpc.auth.me.query())).toBe('UNAUTHORIZED');
    expect(await h.browser().login('responsable.entraide@demo.ensemblier.fr', 'nouveau mot de passe sûr')).toEqual({
      stage: 'full',
    });
  });
});

describe('organisations and members', () => {
  it('admin creates, edits (optimistic version) and deactivates an organisation, with audit rows', async () => {
    const { id } = await admin.trpc.admin.organisations.create.mutate({
      name: 'Secours d’urgence',
      type: 'association',
      email: 'Contact@Secours.fr',
      phone: '04 67 00 00 99',
    });
    const org = await admin.trpc.admin.organisations.get.query({ id });
    expect(org).toMatchObject({
      name: 'Secours d’urgence',
      email: 'contact@secours.fr',
      phone: '0467000099',
      version: 1,
    });
    const dup = await failure(
      admin.trpc.admin.organisations.create.mutate({ name: 'Secours d’urgence', type: 'association' }),
    );
    expect(dup.data?.fieldErrors).toEqual({ name: 'Une structure porte déjà ce nom sur le territoire.' });
    await admin.trpc.admin.organisations.update.mutate({
      id,
      version: 1,
      name: 'Secours d’urgence du Lunellois',
      type: 'association',
    });
    expect(
      await codeOf(
        admin.trpc.admin.organisations.update.mutate({ id, version: 1, name: 'Conflit', type: 'association' }),
      ),
    ).toBe('CONFLICT');
    await admin.trpc.admin.organisations.deactivate.mutate({ id });
    const audit = await admin.trpc.admin.audit.list.query({ objectType: 'organisation' });
    expect(audit.items.filter((a) => a.objectId === id).map((a) => a.action)).toEqual([
      'organisation.deactivate',
      'organisation.update',
      'organisation.create',
    ]);
    expect((await admin.trpc.admin.audit.verify.mutate()).intact).toBe(true);
  });

  it('the audit_seal job chains the rows committed by requests; the integrity check sees them all', async () => {
    const unsealed = async () =>
      (await inTerritory(h, (tx) => tx`SELECT count(*)::int AS n FROM audit_event WHERE chain_seq IS NULL`))[0]!.n;
    await admin.trpc.admin.organisations.create.mutate({ name: 'Scellée', type: 'association' });
    expect(await unsealed()).toBeGreaterThan(0);
    expect(await auditSealTask(h.db.app)).toBeGreaterThan(0);
    expect(await unsealed()).toBe(0);
    expect(CRONTAB).toContain('* * * * * audit_seal');
    const result = await admin.trpc.admin.audit.verify.mutate();
    expect(result.intact).toBe(true);
    const [{ n }] = (await inTerritory(h, (tx) => tx`SELECT count(*)::int AS n FROM audit_event`)) as unknown as [
      { n: number },
    ];
    expect(result.checked).toBe(n - 1); // every row but the verification's own, written after
  });

  it('a partner manager manages members of their own organisation only, with partner roles only', async () => {
    const manager = await h.as('responsable.ssiad@demo.ensemblier.fr');
    const ssiad = orgs['SSIAD de l’Étang de l’Or']!;
    const members = await manager.trpc.admin.members.list.query({ organisationId: ssiad });
    expect(members.items.map((m) => m.name).sort()).toEqual(['Julien Infirmier', 'Nathalie Responsable SSIAD']);
    await manager.trpc.admin.members.invite.mutate({
      organisationId: ssiad,
      email: 'aide.soignante@exemple.fr',
      name: 'Aide Soignante',
      role: 'partner_worker',
    });
    expect(
      await codeOf(
        manager.trpc.admin.members.invite.mutate({
          organisationId: ssiad,
          email: 'chef@exemple.fr',
          name: 'Chef',
          role: 'admin',
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await codeOf(
        manager.trpc.admin.members.invite.mutate({
          organisationId: orgs['Entraide Lunelloise']!,
          email: 'x@exemple.fr',
          name: 'X',
          role: 'partner_worker',
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(await codeOf(manager.trpc.admin.members.list.query({ organisationId: orgs['Entraide Lunelloise']! }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(manager.trpc.admin.organisations.list.query({}))).toBe('FORBIDDEN');
    expect(
      await codeOf(
        manager.trpc.admin.organisations.update.mutate({ id: ssiad, version: 1, name: 'Renommé', type: 'ssiad' }),
      ),
    ).toBe('FORBIDDEN');
    expect(await codeOf(manager.trpc.admin.audit.list.query({}))).toBe('FORBIDDEN');
  });

  it('workers, volunteers and commission members reach no administration procedure', async () => {
    for (const email of [
      'infirmier.ssiad@demo.ensemblier.fr',
      'benevole@demo.ensemblier.fr',
      'commission@demo.ensemblier.fr',
      'coordination@demo.ensemblier.fr',
    ]) {
      const b = await h.as(email);
      expect(
        await codeOf(
          b.trpc.admin.members.invite.mutate({
            organisationId: orgs['CIAS du Pays de Lunel']!,
            email: 'y@exemple.fr',
            name: 'Y',
            role: 'admin',
          }),
        ),
        email,
      ).toBe('FORBIDDEN');
      expect(await codeOf(b.trpc.admin.audit.list.query({})), email).toBe('FORBIDDEN');
    }
  });

  it('changing a role takes effect on the next request', async () => {
    const worker = await h.as('infirmier.ssiad@demo.ensemblier.fr');
    const me = await worker.trpc.auth.me.query();
    await admin.trpc.admin.members.changeRole.mutate({
      membershipId: me.activeMembership!.id,
      role: 'partner_manager',
    });
    expect((await worker.trpc.auth.me.query()).activeMembership?.role).toBe('partner_manager');
  });

  it('a user of several organisations switches the active one', async () => {
    const sophie = await h.as('intervenante.entraide@demo.ensemblier.fr');
    const me = await sophie.trpc.auth.me.query();
    expect(me.memberships).toHaveLength(2);
    const target = me.memberships.find((m) => m.id !== me.activeMembership!.id)!;
    await sophie.trpc.auth.switchMembership.mutate({ membershipId: target.id });
    expect((await sophie.trpc.auth.me.query()).activeMembership?.organisationName).toBe(target.organisationName);
  });
});

describe('account', () => {
  it('a logged-in user changes their password: the current one is checked, other sessions end', async () => {
    const here = await h.as('commission@demo.ensemblier.fr');
    const elsewhere = await h.as('commission@demo.ensemblier.fr');
    const [sessions] = await inTerritory(
      h,
      (tx) =>
        tx`SELECT count(*)::int AS n FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE u.email = 'commission@demo.ensemblier.fr'`,
    );
    const wrong = await failure(
      here.trpc.auth.changePassword.mutate({
        currentPassword: 'pas le bon',
        password: 'un nouveau mot de passe',
        passwordConfirmation: 'un nouveau mot de passe',
      }),
    );
    expect(wrong.data?.fieldErrors).toEqual({
      currentPassword: 'Ce mot de passe ne correspond pas à votre mot de passe actuel.',
    });
    expect(
      await here.trpc.auth.changePassword.mutate({
        currentPassword: 'Ensemblier-demo-2026',
        password: 'un nouveau mot de passe',
        passwordConfirmation: 'un nouveau mot de passe',
      }),
    ).toEqual({ otherSessionsEnded: sessions!.n - 1 });
    expect((await here.trpc.auth.me.query()).user.email).toBe('commission@demo.ensemblier.fr');
    expect(await codeOf(elsewhere.trpc.auth.me.query())).toBe('UNAUTHORIZED');
    expect(await h.browser().login('commission@demo.ensemblier.fr', 'un nouveau mot de passe')).toEqual({
      stage: 'full',
    });
  });

  it('a password-reset link can be checked before the form is shown', async () => {
    expect(await codeOf(h.browser().trpc.auth.passwordResetInfo.query({ token: 'a'.repeat(32) }))).toBe('NOT_FOUND');
  });
});
