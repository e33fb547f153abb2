import { expect, test, type Browser, type Page } from '@playwright/test';
import { callApi, expectAccessible, goto, login, newAccount, unique, todayTyped } from './helpers.ts';

// Tasks (« à faire ») and référents, end to end: an association worker creates a file (her
// organisation joins the follow-up group, she is its référent), a colleague names herself
// référent, the first one gives her a task, which appears in her « Mes tâches » and is marked
// done there. Both are fresh accounts: the demo accounts' bells and files stay untouched.
const ASSOCIATION = 'Entraide Lunelloise';

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, email);
  return page;
}

test('a worker gives a task to a colleague, who finds it in « Mes tâches » and marks it done; référents', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const [authorEmail, colleagueEmail] = await Promise.all([
    newAccount(browser, ASSOCIATION, 'partner_worker'),
    newAccount(browser, ASSOCIATION, 'partner_worker'),
  ]);
  const author = await signedIn(browser, authorEmail);
  const colleague = await signedIn(browser, colleagueEmail);
  const colleagueMe = await callApi<{ user: { id: string }; activeMembership: { organisationId: string } }>(
    colleague,
    'auth.me',
    {},
    'query',
  );

  const nom = unique('Tache').replace(/[^A-Za-z]/g, '');
  const person = await callApi<{ created: boolean; id: string }>(
    author,
    'persons.create',
    { nom, prenom: 'Lucienne', dateNaissance: '1942-03-04', confirmNotDuplicate: true },
    'mutation',
  );
  expect(person.created).toBe(true);

  // The author's organisation is in the group (« A créé le dossier »), the author its référent.
  await goto(author, `/personnes/${person.id}`);
  const group = author.getByRole('region', { name: 'Groupe de suivi' });
  const member = group.getByRole('listitem').filter({ hasText: ASSOCIATION });
  await expect(member).toContainText('A créé le dossier');
  await expect(member).toContainText('Référent : Compte de test');
  // She clears it with the picker (no JavaScript needed: a plain form).
  await member.getByText('Désigner le référent').click();
  await member.getByLabel(`Référent pour ${ASSOCIATION}`).selectOption({ label: 'Aucun référent désigné' });
  await member.getByRole('button', { name: `Enregistrer le référent de ${ASSOCIATION}` }).click();
  await expect(author.getByText('Le référent de la structure est enregistré.')).toBeVisible();
  await expect(group.getByRole('listitem').filter({ hasText: ASSOCIATION })).toContainText('Pas de référent désigné');

  // The colleague sees the file (her organisation holds it) and names herself référent.
  await goto(colleague, `/personnes/${person.id}`);
  await colleague.getByRole('button', { name: `Je suis le référent pour ${ASSOCIATION}` }).click();
  await expect(colleague.getByText('Le référent de la structure est enregistré.')).toBeVisible();
  const groupList = await callApi<{ members: { organisationName: string; referent: { userId: string } | null }[] }>(
    colleague,
    'persons.group.list',
    { personId: person.id },
    'query',
  );
  expect(groupList.members.find((m) => m.organisationName === ASSOCIATION)?.referent?.userId).toBe(colleagueMe.user.id);
  await expectAccessible(colleague, 'fiche personne (référent)');

  // The author opens the file's tasks: empty, then errors next to the fields, then a task for the colleague.
  await author.getByRole('navigation', { name: 'Rubriques du dossier' }).getByRole('link', { name: 'Tâches' }).click();
  await author.waitForURL(new RegExp(`/personnes/${person.id}/taches`));
  await expect(author.getByRole('heading', { name: 'Aucune tâche à faire' })).toBeVisible();
  const form = author.getByRole('form', { name: 'Ajouter une tâche' });
  await form.getByLabel('Échéance').fill('');
  await form.getByRole('button', { name: 'Ajouter la tâche' }).click();
  await expect(form.getByLabel('Ce qu’il faut faire')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('Indiquez ce qu’il faut faire.').first()).toBeVisible();
  await expect(form.getByText('Indiquez la date d’échéance.').first()).toBeVisible();
  await expectAccessible(author, 'tâches du dossier (erreurs)');
  await form.getByLabel('Ce qu’il faut faire').fill('Appeler le bailleur');
  await form.getByLabel('Détail').fill('Au sujet du retard de loyer.');
  await form.getByLabel('Échéance').fill(todayTyped());
  await form
    .getByLabel('Qui s’en charge')
    .selectOption({ value: `${colleagueMe.user.id}:${colleagueMe.activeMembership.organisationId}` });
  await form.getByRole('button', { name: 'Ajouter la tâche' }).click();
  await expect(author.getByText('La tâche est ajoutée.')).toBeVisible();
  const card = author.getByRole('article', { name: 'Appeler le bailleur' });
  await expect(card).toContainText('Pour aujourd’hui');
  await expect(card).toContainText('Au sujet du retard de loyer.');
  await expectAccessible(author, 'tâches du dossier');

  // The colleague: « Mes tâches » in the menu, with a counter; the task links to the file.
  await goto(colleague, '/tableau-de-bord');
  const nav = colleague.getByRole('navigation', { name: 'Navigation principale' });
  await expect(nav.getByRole('link', { name: /^\s*Mes tâches/ })).toContainText('1');
  await nav.getByRole('link', { name: /^\s*Mes tâches/ }).click();
  await colleague.waitForURL(/\/taches$/);
  const mine = colleague.getByRole('article', { name: 'Appeler le bailleur' });
  await expect(mine).toBeVisible();
  await expect(mine.getByRole('link', { name: `Lucienne ${nom.toUpperCase()}` })).toHaveAttribute(
    'href',
    `/personnes/${person.id}/taches`,
  );
  await expectAccessible(colleague, 'mes tâches');
  // At 360 px too.
  await colleague.setViewportSize({ width: 360, height: 740 });
  await expectAccessible(colleague, 'mes tâches (360 px)');
  await mine.getByRole('button', { name: 'Marquer comme faite : Appeler le bailleur' }).click();
  await expect(colleague.getByText('La tâche est marquée comme faite.')).toBeVisible();
  await expect(colleague.getByRole('heading', { name: 'Aucune tâche à faire' })).toBeVisible();

  // The author sees it done, by whom, among all the file's tasks.
  await goto(author, `/personnes/${person.id}/taches`);
  await expect(author.getByRole('heading', { name: 'Aucune tâche à faire' })).toBeVisible();
  await author.getByRole('link', { name: 'Toutes les tâches' }).click();
  const done = author.getByRole('article', { name: 'Appeler le bailleur' });
  await expect(done).toContainText('Faite');
  await expect(done.getByRole('button', { name: 'Remettre à faire : Appeler le bailleur' })).toBeVisible();

  // A volunteer does not reach the file's tasks.
  const volunteer = await signedIn(browser, 'benevole@demo.ensemblier.fr');
  expect((await volunteer.goto(`/personnes/${person.id}/taches`))?.status()).toBe(404);
  expect((await volunteer.goto('/taches'))?.status()).toBe(404);
});
