import { seedScale } from '../../src/seed/demo.ts';
import { measure, type Scenario } from '../harness.ts';

/**
 * The directory search of a large territory (40 × scale organisations, 7–8 services each:
 * 3,000 services at scale 10), as its partner workers: thématique + commune, free text
 * with typos, capacity, pages.
 */
export const directorySearch: Scenario = {
  name: 'directory-search',
  description: 'Annuaire › Recherche (thématique + commune, texte avec fautes, disponibilité)',
  goalP95Ms: 50,
  run: async (stack, { users, perUser, scale }) => {
    const seeded = await seedScale(stack.owner, scale, `Territoire de banc d’essai (annuaire ×${scale})`);
    // What autovacuum does soon after a bulk load in production: the visibility map lets
    // the search read its covering index alone (index-only scan).
    await stack.owner`VACUUM (ANALYZE) service, search_posting, search_lexeme, organisation`;
    const { emails, communes } = await stack.owner.begin(async (tx) => {
      await tx`SELECT set_config('app.territory_id', ${seeded.territoryId}, true)`;
      const workers = await tx<{ email: string }[]>`
        SELECT u.email FROM app_user u JOIN membership m ON m.user_id = u.id
        WHERE m.role = 'partner_worker' ORDER BY u.email LIMIT ${users}`;
      // Communes that zones name, plus the territory's own.
      const zoned = await tx<{ code: string }[]>`
        SELECT DISTINCT z AS code FROM service, unnest(zone_eligibilite) z WHERE z ~ '^\\d{5}$' ORDER BY z LIMIT 30`;
      return {
        emails: workers.map((w) => w.email),
        communes: ['34145', '34146', '34151', ...zoned.map((c) => c.code)],
      };
    });
    const cookies = await Promise.all(emails.map((e) => stack.login(e)));
    const thematiques = [
      'aide-alimentaire--epicerie-sociale',
      'autonomie-domicile--aide-a-domicile',
      'logement-hebergement--reduire-les-impayes-de-loyer',
      'difficultes-financieres--ameliorer-sa-gestion-budgetaire',
      'numerique--maitriser-les-fondamentaux-du-numerique',
      'sante--acces-aux-soins',
    ];
    const texts = ['epicrie solidaire', 'acompagnement budgetaire', 'aide domicile', 'portage repas', 'teleasistance'];
    const inputs = (u: number, i: number): Record<string, unknown> => {
      const commune = communes[(u * 7 + i) % communes.length];
      const thematique = thematiques[(u + i) % thematiques.length];
      const text = texts[(u + i) % texts.length];
      switch (i % 6) {
        case 0:
          return { thematiques: [thematique], commune };
        case 1:
          return { q: text };
        case 2:
          return { capacity: ['places_disponibles'], commune };
        case 3:
          return { q: text, commune };
        case 4:
          return {
            thematiques: ['aide-alimentaire'],
            acceptsReferrals: true,
            capacity: ['places_disponibles', 'liste_attente'],
          };
        default:
          return { commune, page: 2 };
      }
    };
    return measure(cookies.length, perUser, (u, i) =>
      fetch(`${stack.baseUrl}/api/trpc/directory.search?input=${encodeURIComponent(JSON.stringify(inputs(u, i)))}`, {
        headers: { cookie: cookies[u]! },
      }),
    );
  },
};
