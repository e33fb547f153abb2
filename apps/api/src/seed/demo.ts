import type { Sql, TransactionSql } from '@ensemblier/db';
import type { OrganisationType, Role } from '@ensemblier/shared';
import { hashPassword } from '../auth/crypto.ts';
import { seedDemoServices, seedScaleServices } from './directory.ts';

export const DEMO_PASSWORD = 'Ensemblier-demo-2026';

export const DEMO_TERRITORY = {
  name: 'CIAS de démonstration du Pays de Lunel',
  kind: 'cias' as const,
  communes: [
    { insee: '34145', name: 'Lunel' },
    { insee: '34146', name: 'Lunel-Viel' },
    { insee: '34151', name: 'Marsillargues' },
  ],
};

export const DEMO_ORGANISATIONS: {
  key: string;
  name: string;
  type: OrganisationType;
  email: string;
  phone: string;
  commune: string;
}[] = [
  {
    key: 'cias',
    name: 'CIAS du Pays de Lunel',
    type: 'cias',
    email: 'accueil@cias-demo.fr',
    phone: '0467000001',
    commune: '34145',
  },
  {
    key: 'entraide',
    name: 'Entraide Lunelloise',
    type: 'association',
    email: 'contact@entraide-demo.fr',
    phone: '0467000002',
    commune: '34145',
  },
  {
    key: 'ssiad',
    name: 'SSIAD de l’Étang de l’Or',
    type: 'ssiad',
    email: 'ssiad@etang-demo.fr',
    phone: '0467000003',
    commune: '34146',
  },
  {
    key: 'saad',
    name: 'Aide et Présence à Domicile',
    type: 'saad',
    email: 'contact@aide-presence-demo.fr',
    phone: '0467000004',
    commune: '34145',
  },
  {
    key: 'clic',
    name: 'CLIC Est Héraultais',
    type: 'clic',
    email: 'clic@est-herault-demo.fr',
    phone: '0467000005',
    commune: '34145',
  },
  {
    key: 'bailleur',
    name: 'Habitat Sud Lunellois',
    type: 'bailleur_social',
    email: 'gestion@habitat-sud-demo.fr',
    phone: '0467000006',
    commune: '34145',
  },
  {
    key: 'departement',
    name: 'Agence départementale des solidarités de Lunel',
    type: 'departement',
    email: 'ads-lunel@departement-demo.fr',
    phone: '0467000007',
    commune: '34145',
  },
  {
    key: 'caf',
    name: 'Caisse d’allocations familiales — point d’accueil de Lunel',
    type: 'caf',
    email: 'lunel@caf-demo.fr',
    phone: '0467000008',
    commune: '34145',
  },
  {
    key: 'cpam',
    name: 'Assurance maladie — accueil de Lunel',
    type: 'cpam',
    email: 'lunel@cpam-demo.fr',
    phone: '0467000009',
    commune: '34145',
  },
  {
    key: 'carsat',
    name: 'CARSAT — service social de Lunel',
    type: 'carsat',
    email: 'social@carsat-demo.fr',
    phone: '0467000010',
    commune: '34145',
  },
  {
    key: 'mdph',
    name: 'Maison départementale des personnes handicapées — antenne Est',
    type: 'mdph',
    email: 'antenne-est@mdph-demo.fr',
    phone: '0467000011',
    commune: '34145',
  },
  {
    key: 'france_travail',
    name: 'France Travail — agence de Lunel',
    type: 'france_travail',
    email: 'lunel@ft-demo.fr',
    phone: '0467000012',
    commune: '34145',
  },
  {
    key: 'mission_locale',
    name: 'Mission locale Petite Camargue',
    type: 'mission_locale',
    email: 'contact@ml-demo.fr',
    phone: '0467000013',
    commune: '34151',
  },
  {
    key: 'epicerie',
    name: 'Épicerie solidaire La Clé des Champs',
    type: 'epicerie_sociale',
    email: 'epicerie@cle-demo.fr',
    phone: '0467000014',
    commune: '34151',
  },
  {
    key: 'visiteurs',
    name: 'Visiteurs bénévoles du Lunellois',
    type: 'association',
    email: 'benevoles@visiteurs-demo.fr',
    phone: '0467000015',
    commune: '34146',
  },
];

export const DEMO_USERS: { email: string; name: string; memberships: { org: string; role: Role }[] }[] = [
  { email: 'admin@demo.ensemblier.fr', name: 'Claire Administratrice', memberships: [{ org: 'cias', role: 'admin' }] },
  {
    email: 'coordination@demo.ensemblier.fr',
    name: 'Karim Coordinateur',
    memberships: [{ org: 'cias', role: 'coordinator' }],
  },
  {
    email: 'responsable.ssiad@demo.ensemblier.fr',
    name: 'Nathalie Responsable SSIAD',
    memberships: [{ org: 'ssiad', role: 'partner_manager' }],
  },
  {
    email: 'infirmier.ssiad@demo.ensemblier.fr',
    name: 'Julien Infirmier',
    memberships: [{ org: 'ssiad', role: 'partner_worker' }],
  },
  {
    email: 'intervenante.entraide@demo.ensemblier.fr',
    name: 'Sophie Intervenante',
    memberships: [
      { org: 'entraide', role: 'partner_worker' },
      { org: 'epicerie', role: 'partner_worker' },
    ],
  },
  {
    email: 'responsable.entraide@demo.ensemblier.fr',
    name: 'Marc Responsable Entraide',
    memberships: [{ org: 'entraide', role: 'partner_manager' }],
  },
  {
    email: 'evaluatrice.clic@demo.ensemblier.fr',
    name: 'Inès Évaluatrice CLIC',
    memberships: [{ org: 'clic', role: 'partner_worker' }],
  },
  {
    email: 'benevole@demo.ensemblier.fr',
    name: 'Paul Bénévole',
    memberships: [{ org: 'visiteurs', role: 'volunteer' }],
  },
  {
    email: 'commission@demo.ensemblier.fr',
    name: 'Hélène Membre de commission',
    memberships: [{ org: 'entraide', role: 'commission_member' }],
  },
  {
    email: 'archiviste@demo.ensemblier.fr',
    name: 'Odile Archiviste',
    memberships: [{ org: 'cias', role: 'archivist' }],
  },
];

async function insertTerritory(
  tx: TransactionSql,
  t: { name: string; kind: 'ccas' | 'cias'; communes: { insee: string; name: string }[] },
): Promise<string> {
  const [{ id }] = (await tx`SELECT gen_random_uuid() AS id`) as unknown as [{ id: string }];
  await tx`SELECT set_config('app.territory_id', ${id}, true)`;
  await tx`INSERT INTO territory (territory_id, name, kind) VALUES (${id}, ${t.name}, ${t.kind})`;
  for (const c of t.communes)
    await tx`INSERT INTO territory_commune (territory_id, insee_code, name) VALUES (${id}, ${c.insee}, ${c.name})`;
  return id;
}

/** True when no account exists yet (a fresh database). */
export async function isEmpty(sql: Sql): Promise<boolean> {
  const [row] = await sql`SELECT EXISTS (SELECT 1 FROM auth_route) AS any`;
  return !row?.any;
}

/** The demo territory: run as the owner role (it inserts the territory itself). */
export async function seedDemo(owner: Sql): Promise<{ territoryId: string }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return (await owner.begin(async (tx) => {
    const territoryId = await insertTerritory(tx, DEMO_TERRITORY);
    const orgIds = new Map<string, string>();
    for (const o of DEMO_ORGANISATIONS) {
      const [row] = (await tx`INSERT INTO organisation (territory_id, name, type, email, phone, commune_insee)
        VALUES (${territoryId}, ${o.name}, ${o.type}, ${o.email}, ${o.phone}, ${o.commune}) RETURNING id`) as unknown as [
        { id: string },
      ];
      orgIds.set(o.key, row.id);
    }
    for (const u of DEMO_USERS) {
      const [row] = (await tx`INSERT INTO app_user (territory_id, email, name, status, password_hash)
        VALUES (${territoryId}, ${u.email}, ${u.name}, 'active', ${passwordHash}) RETURNING id`) as unknown as [
        { id: string },
      ];
      for (const m of u.memberships) {
        await tx`INSERT INTO membership (territory_id, user_id, organisation_id, role) VALUES (${territoryId}, ${row.id}, ${orgIds.get(m.org)!}, ${m.role})`;
      }
    }
    await tx`INSERT INTO audit_event (territory_id, at, action, object_type, details)
      VALUES (${territoryId}, now(), 'seed.demo', 'territory', ${tx.json({ organisations: DEMO_ORGANISATIONS.length, users: DEMO_USERS.length })})`;
    await seedDemoServices(tx, territoryId, orgIds);
    // Opening hours (OSM syntax, shown in plain French): offices, and services open on given days.
    await tx`UPDATE organisation SET horaires_accueil = CASE type
        WHEN 'epicerie_sociale' THEN 'Tu,Th 14:00-18:00; Sa 09:30-12:00'
        WHEN 'association' THEN 'Mo,We,Fr 09:00-12:00'
        WHEN 'ssiad' THEN 'Mo-Fr 08:30-12:30,13:30-17:00'
        ELSE 'Mo-Fr 09:00-12:00,13:30-17:00' END`;
    await tx`UPDATE service s SET horaires_accueil = o.horaires_accueil FROM organisation o
      WHERE o.territory_id = s.territory_id AND o.id = s.organisation_id`;
    return { territoryId };
  })) as { territoryId: string };
}

const FIRST = [
  'Camille',
  'Lucas',
  'Léa',
  'Hugo',
  'Chloé',
  'Nathan',
  'Manon',
  'Louis',
  'Emma',
  'Jules',
  'Inès',
  'Gabriel',
  'Sarah',
  'Arthur',
  'Zoé',
];
const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'García',
];
const TYPES: OrganisationType[] = [
  'association',
  'ssiad',
  'saad',
  'clic',
  'bailleur_social',
  'epicerie_sociale',
  'mission_locale',
  'autre',
];
const ROLES: Role[] = ['partner_manager', 'partner_worker', 'partner_worker', 'volunteer'];

/**
 * Load data for benchmarks: a territory of 40 × scale organisations with 4 users each.
 * Later features add their entities here (services, persons, referrals…).
 */
export async function seedScale(
  owner: Sql,
  scale: number,
  label = `Territoire de charge ×${scale}`,
): Promise<{ territoryId: string; organisations: number; users: number; services: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const tag = Math.random().toString(36).slice(2, 8);
  return (await owner.begin(async (tx) => {
    const territoryId = await insertTerritory(tx, { name: label, kind: 'cias', communes: DEMO_TERRITORY.communes });
    const orgCount = 40 * scale;
    const orgs = Array.from({ length: orgCount }, (_, i) => ({
      territory_id: territoryId,
      name: `${TYPES[i % TYPES.length] === 'association' ? 'Association' : 'Service'} ${LAST[i % LAST.length]} n° ${i + 1}`,
      type: i === 0 ? 'cias' : TYPES[i % TYPES.length]!,
      commune_insee: DEMO_TERRITORY.communes[i % 3]!.insee,
    }));
    const orgRows = (await tx`INSERT INTO organisation ${tx(orgs)} RETURNING id`) as unknown as { id: string }[];
    const users = orgRows.flatMap((o, i) =>
      ROLES.map((role, j) => ({
        territory_id: territoryId,
        email: `u${i}-${j}-${tag}@charge.ensemblier.test`,
        name: `${FIRST[(i + j) % FIRST.length]} ${LAST[(i * 3 + j) % LAST.length]}`,
        status: 'active',
        password_hash: passwordHash,
        org: o.id,
        role: i === 0 && j === 0 ? 'admin' : role,
      })),
    );
    for (let i = 0; i < users.length; i += 500) {
      const chunk = users.slice(i, i + 500);
      const rows =
        (await tx`INSERT INTO app_user ${tx(chunk.map(({ org: _o, role: _r, ...u }) => u))} RETURNING id`) as unknown as {
          id: string;
        }[];
      await tx`INSERT INTO membership ${tx(rows.map((r, k) => ({ territory_id: territoryId, user_id: r.id, organisation_id: chunk[k]!.org, role: chunk[k]!.role })))}`;
    }
    const services = await seedScaleServices(
      tx,
      territoryId,
      orgRows.map((o) => o.id),
    );
    return { territoryId, organisations: orgCount, users: users.length, services };
  })) as { territoryId: string; organisations: number; users: number; services: number };
}
