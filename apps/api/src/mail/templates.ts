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
