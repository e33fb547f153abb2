const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(title: string, paragraphs: string[], action?: { label: string; url: string }) {
  const text = [...paragraphs, ...(action ? [`${action.label} : ${action.url}`] : []), '', '— Ensemblier'].join('\n\n');
  const html = `<!doctype html><html lang="fr"><body style="font-family:system-ui,sans-serif;font-size:16px;color:#1a1a1a">
<h1 style="font-size:20px">${escape(title)}</h1>
${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
${action ? `<p><a href="${escape(action.url)}" style="background:#1d4f91;color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px">${escape(action.label)}</a></p><p>Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :<br>${escape(action.url)}</p>` : ''}
<p>— Ensemblier</p></body></html>`;
  return { text, html };
}

export function invitationMail(p: { name: string; organisationName: string; inviterName: string; url: string }) {
  const subject = `Invitation à rejoindre ${p.organisationName} sur Ensemblier`;
  return {
    subject,
    ...layout(
      subject,
      [
        `Bonjour ${p.name},`,
        `${p.inviterName} vous invite à rejoindre ${p.organisationName} sur Ensemblier, l’outil de coordination de l’action sociale de votre territoire.`,
        'Pour activer votre compte, choisissez votre mot de passe avec le lien ci-dessous. Ce lien est valable 7 jours et ne peut servir qu’une fois.',
      ],
      { label: 'Activer mon compte', url: p.url },
    ),
  };
}

export function passwordResetMail(p: { name: string; url: string }) {
  const subject = 'Réinitialisation de votre mot de passe Ensemblier';
  return {
    subject,
    ...layout(
      subject,
      [
        `Bonjour ${p.name},`,
        'Vous avez demandé à changer votre mot de passe. Le lien ci-dessous est valable 1 heure et ne peut servir qu’une fois.',
        'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.',
      ],
      { label: 'Choisir un nouveau mot de passe', url: p.url },
    ),
  };
}

/**
 * What a notification mail says, by kind. Mails leave our perimeter: they never carry person
 * data (no name, no motive), only what happened, the organisations' names and a link that
 * opens the referral after login.
 */
export const NOTIFICATION_MAIL_HEADLINES: Record<string, string> = {
  referral_received: 'Une nouvelle orientation vous attend',
  referral_to_route: 'Une nouvelle orientation est à router',
  referral_answered: 'Une orientation que vous avez envoyée a reçu une réponse',
  referral_outcome: 'Une orientation que vous avez envoyée a été clôturée',
  referral_message: 'Un nouveau message vous attend sur une orientation',
  referral_reminder: 'Une orientation attend toujours votre réponse',
  referral_expired: 'Une orientation a expiré sans réponse',
  referral_refused: 'Une orientation a été refusée',
  referral_cancelled: 'Une orientation a été annulée',
  referral_reoriented: 'Une orientation a été réorientée',
  task_assigned: 'Une tâche vous est confiée',
  task_due: 'Une tâche qui vous est confiée arrive à échéance',
  person_inactive: 'Un dossier que vous suivez est sans activité depuis 6 mois',
  visit_alert: 'Une situation préoccupante a été signalée lors d’une visite',
  campaign_escalation: 'Des personnes du registre n’ont pas été jointes à temps pendant une campagne',
  campaign_need: 'Un besoin a été signalé lors d’un appel de campagne',
};
const DEFAULT_HEADLINE = 'Du nouveau vous attend sur Ensemblier';

export interface NotificationMailItem {
  kind: string;
  /** The organisations concerned, already phrased (e.g. « Structure qui oriente : … »); no person data. */
  organisations: string | null;
  url: string;
}

export const notificationHeadline = (kind: string) => NOTIFICATION_MAIL_HEADLINES[kind] ?? DEFAULT_HEADLINE;

/** One notification, mailed at once (preference « immédiat »). */
export function notificationMail(p: { name: string; item: NotificationMailItem }) {
  const subject = notificationHeadline(p.item.kind);
  return {
    subject,
    ...layout(
      subject,
      [
        `Bonjour ${p.name},`,
        `${subject}.`,
        ...(p.item.organisations ? [p.item.organisations] : []),
        'Pour des raisons de confidentialité, ce courriel ne contient aucune information sur la personne : connectez-vous pour la consulter.',
        'Vous pouvez choisir de recevoir un résumé quotidien, ou aucun courriel, depuis la cloche des notifications.',
      ],
      { label: 'Ouvrir dans Ensemblier', url: p.item.url },
    ),
  };
}

/** The daily digest (preference « résumé quotidien »): the notifications not yet mailed. */
export function notificationDigestMail(p: { name: string; items: NotificationMailItem[] }) {
  const n = p.items.length;
  const subject = n === 1 ? 'Votre résumé Ensemblier : 1 notification' : `Votre résumé Ensemblier : ${n} notifications`;
  const intro = [
    `Bonjour ${p.name},`,
    n === 1
      ? 'Voici la notification reçue depuis votre dernier résumé.'
      : `Voici les ${n} notifications reçues depuis votre dernier résumé.`,
    'Pour des raisons de confidentialité, ce courriel ne contient aucune information sur les personnes : connectez-vous pour les consulter.',
  ];
  const line = (i: NotificationMailItem) =>
    `${notificationHeadline(i.kind)}${i.organisations ? ` (${i.organisations})` : ''}`;
  const text = [...intro, p.items.map((i) => `- ${line(i)} : ${i.url}`).join('\n'), '— Ensemblier'].join('\n\n');
  const html = `<!doctype html><html lang="fr"><body style="font-family:system-ui,sans-serif;font-size:16px;color:#1a1a1a">
<h1 style="font-size:20px">${escape(subject)}</h1>
${intro.map((x) => `<p>${escape(x)}</p>`).join('\n')}
<ul>
${p.items.map((i) => `<li>${escape(line(i))} : <a href="${escape(i.url)}">ouvrir</a></li>`).join('\n')}
</ul>
<p>— Ensemblier</p></body></html>`;
  return { subject, text, html };
}
