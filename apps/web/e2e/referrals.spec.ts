import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, goto, login, ready, unique } from './helpers.ts';

// Three people, three browser contexts: the association sends, the SSIAD answers and closes,
// the CCAS routes. Their own person (unique name) keeps the spec independent of the others.
const SENDER = 'responsable.entraide@demo.ensemblier.fr';
const SSIAD = 'infirmier.ssiad@demo.ensemblier.fr';
const COORDINATOR = 'coordination@demo.ensemblier.fr';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Waits for the mail to `to` that links to `path` in the dev outbox (the worker sends it). */
async function expectMailLinking(page: Page, to: string, path: string) {
  await expect(async () => {
    await goto(page, '/dev/courriels');
    const mails = page.getByRole('article').filter({ hasText: to });
    await expect(mails.locator(`a[href$="${path}"]`).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

test('an association refers a person to the SSIAD, which accepts and closes it; the CCAS routes another', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const nom = unique('Orient').replace(/[^A-Za-z]/g, '');
  const prenom = 'Germaine';

  // ---- The association: from the directory to the form -------------------------------
  const senderContext = await browser.newContext();
  const sender = await senderContext.newPage();
  await login(sender, SENDER);
  await goto(sender, '/annuaire?q=soins+infirmiers');
  await sender.getByRole('link', { name: 'Soins infirmiers à domicile' }).first().click();
  await ready(sender);
  await sender.getByRole('link', { name: 'Orienter vers ce service' }).click();
  await sender.waitForURL(/\/orientations\/nouvelle\?service=/);
  await ready(sender);
  await expect(sender.getByRole('heading', { level: 1, name: 'Nouvelle orientation' })).toBeVisible();
  await expectAccessible(sender, 'new referral: the person');

  // Creates the person's file.
  await sender.getByRole('textbox', { name: /^Nom/ }).fill(nom);
  await sender.getByRole('textbox', { name: /^Prénom/ }).fill(prenom);
  await sender.getByRole('textbox', { name: /Date de naissance/ }).fill('14/03/1942');
  await sender.getByRole('combobox', { name: /Commune/ }).fill('Lunel');
  await sender.getByRole('textbox', { name: 'Téléphone' }).fill('06 12 34 56 78');
  await sender.getByLabel('Mode de contact préféré').selectOption({ label: 'Téléphone' });
  await sender.getByRole('button', { name: 'Créer le dossier' }).click();
  await sender.waitForURL(/personne=/);
  await expect(sender.getByText(`${prenom} ${nom}`, { exact: true })).toBeVisible();

  // The same person again: the duplicate check offers the file just created.
  await sender.getByRole('link', { name: 'Choisir une autre personne' }).click();
  await ready(sender);
  await sender.getByRole('textbox', { name: /^Nom/ }).fill(nom.toLowerCase());
  await sender.getByRole('textbox', { name: /^Prénom/ }).fill(prenom);
  await sender.getByRole('textbox', { name: /Date de naissance/ }).fill('14/03/1942');
  await sender.getByRole('button', { name: 'Créer le dossier' }).click();
  await expect(sender.getByRole('heading', { name: 'Cette personne a peut-être déjà un dossier' })).toBeVisible();
  await expect(sender.getByRole('button', { name: 'Non, créer un nouveau dossier' })).toBeVisible();
  await expectAccessible(sender, 'new referral: possible duplicates');
  await sender.getByRole('link', { name: new RegExp(`C’est cette personne : ${prenom} ${nom}`) }).click();
  await sender.waitForURL(/personne=/);
  await ready(sender);
  const personId = new URL(sender.url()).searchParams.get('personne')!;

  // The recipient is the service of the directory page; its thématique is ticked.
  const chosen = sender.getByRole('list', { name: 'Destinataires choisis' });
  await expect(chosen).toContainText('Soins infirmiers à domicile');
  await expect(chosen).toContainText('SSIAD de l’Étang de l’Or');
  await expect(sender.getByRole('checkbox', { name: 'Soins infirmiers à domicile' })).toBeChecked();
  const shared = sender.locator('.shared');
  await expect(shared.getByRole('listitem').filter({ hasText: 'Date de naissance' })).toBeVisible();
  await expect(shared.getByRole('listitem').filter({ hasText: 'Courriel' })).toHaveCount(0);
  await expectAccessible(sender, 'new referral: the request');

  // A file of the wrong type is refused at once; a missing motive comes back from the server.
  await sender
    .getByLabel('Pièces jointes')
    .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
  await expect(sender.getByText(/« notes\.txt » n’est pas accepté/)).toBeVisible();
  await sender.getByRole('button', { name: 'Envoyer l’orientation' }).click();
  await expect(sender.getByRole('heading', { name: /Le formulaire contient \d+ erreurs?/ })).toBeVisible();
  await expect(sender.getByRole('link', { name: /motif/i })).toBeVisible();
  await expectAccessible(sender, 'new referral with errors');

  // Fills the request and chooses a file; then adds a second recipient and removes it: the
  // page changes in place, says what changed, and nothing typed or chosen is lost.
  const motif = sender.getByLabel(/Motif de l’orientation/);
  const motifText = 'Retour à domicile après une chute ; besoin de soins infirmiers.';
  await motif.fill(motifText);
  await sender.getByRole('radio', { name: 'Urgente' }).check();
  await sender.getByLabel('Aide attendue').fill('Passage quotidien pour les soins.');
  await sender
    .getByLabel('Pièces jointes')
    .setInputFiles({ name: 'ordonnance.pdf', mimeType: 'application/pdf', buffer: PDF });
  const serviceSearch = sender.getByRole('searchbox', { name: 'Ajouter un autre service' });
  await serviceSearch.fill('portage repas');
  await serviceSearch.press('Enter');
  await sender.getByRole('button', { name: 'Ajouter Portage de repas à domicile', exact: true }).click();
  await expect(
    sender.getByRole('status').filter({ hasText: 'Service ajouté : Portage de repas à domicile.' }),
  ).toBeVisible();
  await expect(chosen.getByRole('listitem')).toHaveCount(2);
  await expect(serviceSearch).toBeFocused();
  await expect(motif).toHaveValue(motifText);
  await expect(sender.getByRole('radio', { name: 'Urgente' })).toBeChecked();
  await expect(sender.getByLabel('Aide attendue')).toHaveValue('Passage quotidien pour les soins.');
  await expect(sender.getByRole('checkbox', { name: 'Soins infirmiers à domicile' })).toBeChecked();
  await expectAccessible(sender, 'new referral: two recipients');
  await sender.getByRole('button', { name: 'Retirer Portage de repas à domicile', exact: true }).click();
  await expect(
    sender.getByRole('status').filter({ hasText: 'Destinataire retiré : Portage de repas à domicile.' }),
  ).toBeVisible();
  await expect(chosen.getByRole('listitem')).toHaveCount(1);
  await expect(chosen).toBeFocused();
  await expect(motif).toHaveValue(motifText);
  await expect(sender.getByLabel('Aide attendue')).toHaveValue('Passage quotidien pour les soins.');

  // Records the information of the person, sends (the file chosen before is sent).
  await sender.getByRole('checkbox', { name: /J’ai informé la personne du partage/ }).check();
  await sender.getByRole('radio', { name: 'Oralement, en entretien' }).check();
  await sender.getByRole('button', { name: 'Envoyer l’orientation' }).click();
  await sender.waitForURL(/\/orientations\/[0-9a-f-]{36}\?fait=envoyee/);
  await ready(sender);
  const referralPath = new URL(sender.url()).pathname;
  await expect(sender.getByText(/L’orientation a été envoyée/)).toBeVisible();
  await expect(sender.getByRole('heading', { level: 1 })).toHaveText(`Orientation de ${prenom} ${nom}`);
  await expect(sender.getByRole('link', { name: /Télécharger ordonnance\.pdf/ })).toBeVisible();
  await expectAccessible(sender, 'referral page (sender)');

  // The sent list shows it, with its state and urgency in words.
  await goto(sender, '/orientations/envoyees');
  const sentRow = sender.getByRole('row').filter({ hasText: nom });
  await expect(sentRow).toContainText('Envoyée');
  await expect(sentRow).toContainText('Urgente');
  await expectAccessible(sender, '/orientations/envoyees');
  await goto(sender, '/orientations/envoyees?etat=terminee&du=99/99/2026');
  await expect(sender.getByRole('link', { name: /date réelle au format JJ\/MM\/AAAA/ })).toBeVisible();
  await expectAccessible(sender, '/orientations/envoyees with a filter error');

  // ---- The SSIAD: the mail, the bell, the answer ---------------------------------------
  const ssiadContext = await browser.newContext();
  const ssiad = await ssiadContext.newPage();
  await expectMailLinking(ssiad, SSIAD, referralPath);
  await login(ssiad, SSIAD);
  await goto(ssiad, '/tableau-de-bord');
  const bell = ssiad.getByRole('button', { name: /^Notifications, \d+ non lues?$/ });
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(ssiad.getByText(/Nouvelle orientation reçue/).first()).toBeVisible();

  await goto(ssiad, '/orientations/recues');
  await expect(ssiad.getByRole('heading', { level: 1, name: 'Orientations reçues' })).toBeVisible();
  await expectAccessible(ssiad, '/orientations/recues');
  await ssiad.getByRole('link', { name: `${prenom} ${nom}` }).click();
  await ssiad.waitForURL(new RegExp(`${referralPath}$`));
  await ready(ssiad);
  await expect(ssiad.getByText('Seules les informations utiles à cette orientation sont partagées.')).toBeVisible();
  await expect(ssiad.getByText('06 12 34 56 78')).toBeVisible();
  await expectAccessible(ssiad, 'referral page (recipient)');

  await ssiad.getByRole('button', { name: 'Accepter l’orientation' }).click();
  await expect(ssiad.getByText(/Vous avez accepté l’orientation/)).toBeVisible();
  await ssiad.getByLabel('Votre message').fill('Premier passage demain matin.');
  await ssiad.getByRole('button', { name: 'Envoyer le message' }).click();
  await expect(ssiad.getByText(/Votre message a été envoyé/)).toBeVisible();

  // Later: closes it with an outcome, in a confirmation dialog.
  await ssiad.getByRole('link', { name: 'Clôturer avec un résultat' }).click();
  const dialog = ssiad.getByRole('alertdialog', { name: 'Clôturer cette orientation ?' });
  await expect(dialog).toBeVisible();
  await expectAccessible(ssiad, 'close dialog');
  await dialog.getByRole('button', { name: 'Clôturer l’orientation' }).click();
  await expect(dialog.getByText('Choisissez le résultat de l’accompagnement.').first()).toBeVisible();
  await dialog.getByRole('radio', { name: 'Aide apportée' }).check();
  await dialog.getByLabel(/Message à la structure/).fill('Soins en place, trois passages par semaine.');
  await dialog.getByRole('button', { name: 'Clôturer l’orientation' }).click();
  await expect(ssiad.getByText(/L’orientation est clôturée/)).toBeVisible();
  await expect(ssiad.getByRole('article').getByText('Résultat : Aide apportée')).toBeVisible();

  // ---- The association sees the outcome --------------------------------------------------
  await goto(sender, referralPath);
  await expect(sender.getByRole('article').getByText('Résultat : Aide apportée')).toBeVisible();
  await expect(sender.getByText('Premier passage demain matin.')).toBeVisible();
  await expect(sender.locator('.history')).toContainText('Orientation clôturée');

  // ---- An "à router" referral: the association does not know whom to ask -----------------
  await goto(sender, `/orientations/nouvelle?personne=${personId}`);
  await sender.getByRole('button', { name: 'Confier l’orientation au CCAS, qui la routera' }).click();
  await expect(sender.getByRole('list', { name: 'Destinataires choisis' })).toContainText('Le CCAS, à router');
  await expect(sender.getByRole('status').filter({ hasText: 'Orientation confiée au CCAS' })).toBeVisible();
  await sender.getByLabel('Chercher une thématique').fill('soins infirm');
  await sender.getByRole('checkbox', { name: 'Soins infirmiers à domicile' }).check();
  await sender.getByLabel(/Motif de l’orientation/).fill('Sa fille demande un relais pour les soins de nuit.');
  await sender.getByRole('checkbox', { name: /J’ai informé la personne du partage/ }).check();
  await sender.getByRole('radio', { name: 'Par téléphone' }).check();
  await sender.getByRole('button', { name: 'Envoyer l’orientation' }).click();
  await sender.waitForURL(/\/orientations\/[0-9a-f-]{36}\?fait=envoyee/);
  const routedPath = new URL(sender.url()).pathname;

  // ---- The CCAS routes it with a suggestion ---------------------------------------------
  const ccasContext = await browser.newContext();
  const ccas = await ccasContext.newPage();
  await login(ccas, COORDINATOR);
  await goto(ccas, '/orientations/a-router');
  await expectAccessible(ccas, '/orientations/a-router');
  await ccas.getByRole('link', { name: `${prenom} ${nom}` }).click();
  await ccas.waitForURL(new RegExp(`${routedPath}$`));
  await ready(ccas);
  await expect(ccas.getByRole('heading', { name: 'Services suggérés' })).toBeVisible();
  await expectAccessible(ccas, 'referral page with suggestions');
  await ccas
    .getByRole('button', { name: /Transmettre à ce service/ })
    .first()
    .click();
  await expect(ccas.getByText(/L’orientation a été transmise au nouveau destinataire/)).toBeVisible();
  await expect(ccas.getByRole('article').getByText('Résultat : Réorientée')).toBeVisible();
  await expect(ccas.getByText('Orientation transmise par le CCAS.').first()).toBeVisible();

  // A second « à router » one (the recipients may also come from the URL)…
  await goto(sender, `/orientations/nouvelle?personne=${personId}&router=1`);
  await sender.getByLabel('Chercher une thématique').fill('portage');
  await sender
    .getByRole('checkbox', { name: /Portage de repas/ })
    .first()
    .check();
  await sender.getByLabel(/Motif de l’orientation/).fill('Ne peut plus faire ses courses ni cuisiner.');
  await sender.getByRole('checkbox', { name: /J’ai informé la personne du partage/ }).check();
  await sender.getByRole('radio', { name: 'Par téléphone' }).check();
  await sender.getByRole('button', { name: 'Envoyer l’orientation' }).click();
  await sender.waitForURL(/\/orientations\/[0-9a-f-]{36}\?fait=envoyee/);
  const searchedPath = new URL(sender.url()).pathname;

  // …which the CCAS transmits to a service found in the directory (not a suggestion).
  await goto(ccas, searchedPath);
  await ccas.getByRole('link', { name: 'Réorienter vers un autre partenaire' }).click();
  const reorient = ccas.getByRole('alertdialog', { name: 'Réorienter vers un autre partenaire ?' });
  await expect(reorient).toBeVisible();
  const directorySearch = reorient.getByRole('searchbox', { name: 'Chercher dans l’annuaire' });
  await directorySearch.fill('alzheimer');
  await directorySearch.press('Enter');
  await expect(reorient.getByRole('status')).toContainText(/service(s)? trouvé/);
  await expect(reorient).toBeVisible();
  await reorient
    .getByRole('group', { name: 'Services de l’annuaire' })
    .getByRole('radio', { name: /^Équipe spécialisée Alzheimer à domicile/ })
    .check();
  await expectAccessible(ccas, 'réorientation dialog with a directory search');
  await reorient.getByRole('textbox', { name: /^Message/ }).fill('Transmise à l’équipe Alzheimer, plus adaptée.');
  await reorient.getByRole('button', { name: 'Réorienter', exact: true }).click();
  await expect(ccas.getByText(/L’orientation a été transmise au nouveau destinataire/)).toBeVisible();
  await expect(ccas.getByRole('heading', { level: 3, name: /^Équipe spécialisée Alzheimer à domicile/ })).toBeVisible();
  await expect(ccas.getByRole('article').getByText('Résultat : Réorientée')).toBeVisible();

  await goto(ccas, '/orientations/reseau');
  await expectAccessible(ccas, '/orientations/reseau');

  await ccasContext.close();
  await ssiadContext.close();
  await senderContext.close();
});

test('without JavaScript: list filters in the URL and a refusal confirmed in the page', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/connexion');
  await page.getByLabel('Adresse e-mail').fill('responsable.ssiad@demo.ensemblier.fr');
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));

  await page.goto('/orientations');
  await expect(page).toHaveURL(/\/orientations\/recues$/);
  await page.getByLabel('État').selectOption({ label: 'Envoyée' });
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page).toHaveURL(/etat=envoyee/);
  await expect(page.getByLabel('État')).toHaveValue('envoyee');
  const firstReferral = page.getByRole('table', { name: 'Orientations reçues' }).getByRole('link').first();
  await expect(firstReferral).toBeVisible();

  // The refusal opens as a section of the page; a missing reason is explained there.
  await firstReferral.click();
  await page.getByRole('link', { name: 'Refuser l’orientation' }).first().click();
  await expect(page).toHaveURL(/agir=refuse/);
  await expect(page.getByRole('heading', { name: 'Refuser cette orientation ?' })).toBeVisible();
  await page.getByRole('button', { name: 'Refuser l’orientation' }).click();
  await expect(page.getByRole('heading', { name: 'Refuser cette orientation ?' })).toBeVisible();
  await expect(page.getByText('Choisissez le motif du refus.')).toBeVisible();
  await context.close();
});

test('without JavaScript: changing the recipients keeps what was typed, and the referral goes to them', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/connexion');
  await page.getByLabel('Adresse e-mail').fill(SENDER);
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));

  // A new person's file.
  const nom = unique('Sansjs').replace(/[^A-Za-z]/g, '');
  await page.goto('/orientations/nouvelle');
  await page.getByRole('textbox', { name: /^Nom/ }).fill(nom);
  await page.getByRole('textbox', { name: /^Prénom/ }).fill('Lucien');
  await page.getByRole('button', { name: 'Créer le dossier' }).click();
  await expect(page).toHaveURL(/personne=/);

  // The first recipient: Enter in the search field searches (the form's default button).
  const firstSearch = page.getByRole('searchbox', { name: 'Chercher un service dans l’annuaire' });
  await firstSearch.fill('soins infirmiers');
  await firstSearch.press('Enter');
  await page.getByRole('button', { name: 'Ajouter Soins infirmiers à domicile', exact: true }).click();
  const chosen = page.getByRole('list', { name: 'Destinataires choisis' });
  await expect(chosen).toContainText('Soins infirmiers à domicile');
  await expect(page.getByText('Service ajouté : Soins infirmiers à domicile.')).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Soins infirmiers à domicile' })).toBeChecked();

  // Types the request, then adds a second service and removes it: everything typed comes back.
  const motifText = 'Sortie d’hôpital la semaine prochaine, vit seul.';
  const motif = page.getByLabel(/Motif de l’orientation/);
  await motif.fill(motifText);
  await page.getByRole('radio', { name: 'Urgente' }).check();
  await page.getByLabel('Ce qui a déjà été fait').fill('Appel au médecin traitant.');
  await page.getByLabel('Aide attendue').fill('Soins à domicile dès la sortie.');
  await expect(page.getByText(/Ajoutez les pièces jointes en dernier/)).toBeVisible();
  await page
    .getByLabel('Pièces jointes')
    .setInputFiles({ name: 'compte-rendu.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('searchbox', { name: 'Ajouter un autre service' }).fill('portage repas');
  await page.getByRole('button', { name: 'Chercher', exact: true }).click();
  await expect(page.getByRole('searchbox', { name: 'Ajouter un autre service' })).toHaveValue('portage repas');
  await expect(motif).toHaveValue(motifText);
  await expect(page.getByText(/Les fichiers choisis n’ont pas été conservés/)).toBeVisible();
  await page.getByRole('button', { name: 'Ajouter Portage de repas à domicile', exact: true }).click();
  await expect(chosen.getByRole('listitem')).toHaveCount(2);
  await expect(motif).toHaveValue(motifText);
  await expect(page.getByRole('radio', { name: 'Urgente' })).toBeChecked();
  await expect(page.getByLabel('Ce qui a déjà été fait')).toHaveValue('Appel au médecin traitant.');
  await expect(page.getByLabel('Aide attendue')).toHaveValue('Soins à domicile dès la sortie.');
  await page.getByRole('button', { name: 'Retirer Portage de repas à domicile', exact: true }).click();
  await expect(page.getByText('Destinataire retiré : Portage de repas à domicile.')).toBeVisible();
  await expect(chosen.getByRole('listitem')).toHaveCount(1);
  await expect(motif).toHaveValue(motifText);
  await expect(page.getByRole('checkbox', { name: 'Soins infirmiers à domicile' })).toBeChecked();

  // Sends: the referral goes to the recipients of the form, with the request as typed.
  await page.getByRole('checkbox', { name: /J’ai informé la personne du partage/ }).check();
  await page.getByRole('radio', { name: 'Oralement, en entretien' }).check();
  await page.getByRole('button', { name: 'Envoyer l’orientation' }).click();
  await expect(page).toHaveURL(/\/orientations\/[0-9a-f-]{36}\?fait=envoyee/);
  await expect(page.getByText(motifText)).toBeVisible();
  await expect(page.getByText('Appel au médecin traitant.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: /^Soins infirmiers à domicile/ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: /Portage de repas/ })).toHaveCount(0);
  await context.close();
});

test('without JavaScript: a réorientation searches the directory and keeps the message', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/connexion');
  await page.getByLabel('Adresse e-mail').fill(COORDINATOR);
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));

  await page.goto('/orientations/a-router');
  await page
    .getByRole('table', { name: /router/i })
    .getByRole('link')
    .first()
    .click();
  await page.getByRole('link', { name: 'Réorienter vers un autre partenaire' }).first().click();
  await expect(page).toHaveURL(/agir=reorient/);
  const confirm = page.locator('#agir');
  await confirm.getByRole('textbox', { name: /^Message/ }).fill('Le service de portage est plus adapté.');
  await confirm.getByRole('searchbox', { name: 'Chercher dans l’annuaire' }).fill('portage repas');
  await confirm.getByRole('button', { name: 'Chercher un service' }).click();
  await expect(page).toHaveURL(/agir=reorient/);
  const found = page.locator('#agir').getByRole('group', { name: 'Services de l’annuaire' });
  await expect(found.getByRole('radio', { name: /^Portage de repas à domicile/ }).first()).toBeVisible();
  await expect(page.locator('#agir').getByRole('status')).toContainText('trouvé');
  await expect(page.locator('#agir').getByRole('textbox', { name: /^Message/ })).toHaveValue(
    'Le service de portage est plus adapté.',
  );
  await expect(page.locator('#agir').getByRole('button', { name: 'Réorienter', exact: true })).toBeVisible();
  await context.close();
});
