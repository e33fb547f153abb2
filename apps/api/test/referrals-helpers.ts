import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inTerritory, setupApi, type Browser, type Harness } from './harness.ts';

export interface World {
  h: Harness;
  filesDir: string;
  entraide: Browser; // responsable.entraide (association, sender)
  ssiad: Browser; // responsable.ssiad (SSIAD, recipient)
  infirmier: Browser; // infirmier.ssiad (SSIAD, second user)
  clic: Browser; // evaluatrice.clic (another partner)
  coordination: Browser; // coordinator (CIAS)
  volunteer: Browser;
  commission: Browser;
  services: Record<string, string>;
  orgs: Record<string, string>;
}

export const SSIAD_SERVICE = 'Soins infirmiers à domicile';
export const COLIS_SERVICE = 'Colis alimentaires';
export const CLIC_SERVICE = 'Évaluation des besoins et plan d’aide à domicile';
export const SAAD_SERVICE = 'Aide à domicile : ménage, courses, toilette';
export const SSIAD_ORG = 'SSIAD de l’Étang de l’Or';
export const ENTRAIDE_ORG = 'Entraide Lunelloise';
export const CIAS_ORG = 'CIAS du Pays de Lunel';

export async function setupWorld(): Promise<World> {
  const filesDir = mkdtempSync(join(tmpdir(), 'ensemblier-files-'));
  const h = await setupApi({ filesDir });
  const [entraide, ssiad, infirmier, clic, coordination, volunteer, commission] = await Promise.all(
    [
      'responsable.entraide',
      'responsable.ssiad',
      'infirmier.ssiad',
      'evaluatrice.clic',
      'coordination',
      'benevole',
      'commission',
    ].map((u) => h.as(`${u}@demo.ensemblier.fr`)),
  );
  const s = await inTerritory(h, (tx) => tx`SELECT id, nom FROM service`);
  const o = await inTerritory(h, (tx) => tx`SELECT id, name FROM organisation`);
  return {
    h,
    filesDir,
    entraide: entraide!,
    ssiad: ssiad!,
    infirmier: infirmier!,
    clic: clic!,
    coordination: coordination!,
    volunteer: volunteer!,
    commission: commission!,
    services: Object.fromEntries(s.map((r) => [r.nom as string, r.id as string])),
    orgs: Object.fromEntries(o.map((r) => [r.name as string, r.id as string])),
  };
}

let n = 0;
/** A new person's file created by the browser's organisation. */
export async function newPerson(b: Browser, overrides: Record<string, unknown> = {}): Promise<string> {
  n++;
  const res = await b.trpc.persons.create.mutate({
    nom: `Personne${'abcdefghijklmnopqrstuvwxyz'[n % 26]}${'zyxwvutsrqponmlkjihgfedcba'[(n * 7) % 26]}`,
    prenom: `Test${n}`,
    dateNaissance: `1950-01-${String((n % 28) + 1).padStart(2, '0')}`,
    communeInsee: '34145',
    adresse: '1 place de la Mairie',
    telephone: '0611223344',
    courriel: 'personne@exemple.fr',
    preferredContact: 'telephone',
    confirmNotDuplicate: true,
    ...overrides,
  });
  if (!res.created) throw new Error('person not created');
  return res.id;
}

export const consentNow = { mode: 'oral' as const, occurredOn: '2026-01-10', kind: 'consentement' as const };

/** A referral from `b` to one service, with consent given in the form. */
export async function sendReferral(
  b: Browser,
  personId: string,
  serviceId: string | 'to_route',
  thematiques: string[],
  extra: Record<string, unknown> = {},
): Promise<string> {
  const { id } = await b.trpc.referrals.create.mutate({
    idempotencyKey: randomUUID(),
    personId,
    recipients: [serviceId === 'to_route' ? { kind: 'to_route' } : { kind: 'service', serviceId }],
    thematiques,
    motif: 'Besoin d’aide',
    consent: consentNow,
    ...extra,
  } as never);
  return id;
}

export async function taskOf(b: Browser, referralId: string) {
  const r = await b.trpc.referrals.get.query({ referralId });
  return r.tasks[0]!;
}

/** A minimal valid PDF. */
export const PDF_BYTES = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
/** A 1×1 PNG. */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
