import { withTerritory, type Sql } from '@ensemblier/db';
import { STALE_AFTER_MONTHS } from '@ensemblier/shared';
import type { Clock } from '../clock.ts';
import { queueMail } from '../mail/outbox.ts';
import type { JobPayloads } from '../worker/jobs.ts';
import { staleBefore } from './procedures/common.ts';

/**
 * Monthly (1st of the month, 07:00 UTC ≈ 8–9 h in Paris), with two days of backfill if
 * the worker was down. A run mails each partner manager the list of their organisation's
 * services not confirmed for STALE_AFTER_MONTHS; the dedupe key (manager, month) makes a
 * retried or backfilled run mail nobody twice.
 */
export const FRESHNESS_CRONTAB = '0 7 1 * * directory_freshness_reminders ?fill=2d&max=3';

interface StaleServiceRow {
  user_id: string;
  email: string;
  user_name: string;
  organisation_name: string;
  service_id: string;
  nom: string;
  date_maj: Date;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const dateFr = (d: Date) => d.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' });

export function freshnessMail(p: {
  name: string;
  origin: string;
  services: { id: string; nom: string; organisationName: string; dateMaj: Date }[];
}) {
  const n = p.services.length;
  const subject = n === 1 ? 'Annuaire : 1 service à confirmer' : `Annuaire : ${n} services à confirmer`;
  const url = (id: string) => `${p.origin}/annuaire/services/${id}?confirmer=1`;
  const intro = [
    `Bonjour ${p.name},`,
    n === 1
      ? `La fiche suivante de l’annuaire n’a pas été confirmée depuis plus de ${STALE_AFTER_MONTHS} mois. Les intervenants du territoire s’y fient pour orienter les personnes : merci de vérifier qu’elle est toujours exacte.`
      : `Les ${n} fiches suivantes de l’annuaire n’ont pas été confirmées depuis plus de ${STALE_AFTER_MONTHS} mois. Les intervenants du territoire s’y fient pour orienter les personnes : merci de vérifier qu’elles sont toujours exactes.`,
    'Pour chacune, le lien ouvre la fiche (après connexion) : un clic sur « Toujours à jour » suffit si rien n’a changé ; sinon, modifiez-la.',
  ];
  const lines = p.services.map(
    (s) => `- ${s.nom} (${s.organisationName}), mise à jour le ${dateFr(s.dateMaj)} : ${url(s.id)}`,
  );
  const text = [...intro, lines.join('\n'), '— Ensemblier'].join('\n\n');
  const html = `<!doctype html><html lang="fr"><body style="font-family:system-ui,sans-serif;font-size:16px;color:#1a1a1a">
<h1 style="font-size:20px">${escape(subject)}</h1>
${intro.map((x) => `<p>${escape(x)}</p>`).join('\n')}
<ul>
${p.services
  .map(
    (s) =>
      `<li><strong>${escape(s.nom)}</strong> (${escape(s.organisationName)}), mise à jour le ${escape(dateFr(s.dateMaj))} : <a href="${escape(url(s.id))}">vérifier et confirmer</a></li>`,
  )
  .join('\n')}
</ul>
<p>— Ensemblier</p></body></html>`;
  return { subject, text, html };
}

/** The instant a run stands for: the payload's (tests, manual runs), the cron tick's, or now. */
export function runInstant(payload: JobPayloads['directory_freshness_reminders'] | undefined, clock: Clock): Date {
  const at = payload?.now ?? payload?._cron?.ts;
  return at ? new Date(at) : clock.now();
}

/**
 * For every territory (ids from app_territory_ids(): the worker runs as the app role,
 * which sees no territory without one set), one transaction: the active managers of
 * active organisations with stale services, one mail each.
 */
export async function freshnessRemindersTask(
  sql: Sql,
  origin: string,
  now: Date,
): Promise<{ territories: number; mails: number }> {
  const territories = await sql<{ id: string }[]>`SELECT app_territory_ids() AS id`;
  const month = now.toISOString().slice(0, 7);
  const before = staleBefore(now);
  let mails = 0;
  for (const { id: territoryId } of territories) {
    mails += await withTerritory(sql, territoryId, async (tx) => {
      const rows = await tx<StaleServiceRow[]>`
        SELECT u.id AS user_id, u.email, u.name AS user_name, o.name AS organisation_name,
          s.id AS service_id, s.nom, s.date_maj
        FROM membership m
        JOIN app_user u ON u.territory_id = m.territory_id AND u.id = m.user_id
        JOIN organisation o ON o.territory_id = m.territory_id AND o.id = m.organisation_id
        JOIN service s ON s.territory_id = m.territory_id AND s.organisation_id = m.organisation_id
        WHERE m.role = 'partner_manager' AND m.status = 'active' AND u.status = 'active'
          AND o.status = 'active' AND s.status = 'active' AND s.date_maj < ${before}
        ORDER BY u.id, s.date_maj, s.nom`;
      const byUser = new Map<string, StaleServiceRow[]>();
      for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r]);
      let queued = 0;
      for (const [userId, services] of byUser) {
        const first = services[0]!;
        const mail = freshnessMail({
          name: first.user_name,
          origin,
          services: services.map((s) => ({
            id: s.service_id,
            nom: s.nom,
            organisationName: s.organisation_name,
            dateMaj: s.date_maj,
          })),
        });
        const id = await queueMail(tx, territoryId, {
          to: first.email,
          ...mail,
          dedupeKey: `directory-freshness:${userId}:${month}`,
        });
        if (id) queued++;
      }
      return queued;
    });
  }
  return { territories: territories.length, mails };
}
