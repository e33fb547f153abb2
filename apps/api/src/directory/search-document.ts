import type { TransactionSql } from '@ensemblier/db';
import { THEMATIQUE_LABELS } from '@ensemblier/shared';

/**
 * Recomputes what free-text search looks at (see 0003_directory_search.sql):
 * - `search_document`: the lower-case, unaccented name, thématique labels, organisation
 *   name and description;
 * - `search_tsv`: the same as a weighted French vector (A name, B labels, C organisation,
 *   D description); a trigger adds its lexemes to the territory's `search_lexeme`.
 * Call it after every write that changes one of them (service create/update/import,
 * organisation rename). The labels live in TypeScript: one JSON parameter.
 */
export async function refreshSearchDocuments(
  tx: TransactionSql,
  scope: { serviceIds: string[] } | { organisationId: string } | { all: true },
): Promise<void> {
  const where =
    'serviceIds' in scope
      ? tx`s.id = ANY(${scope.serviceIds}::uuid[])`
      : 'organisationId' in scope
        ? tx`s.organisation_id = ${scope.organisationId}`
        : tx`true`;
  const labels = tx`(SELECT string_agg(coalesce(${tx.json(THEMATIQUE_LABELS)}::jsonb ->> t, t), ' ') FROM unnest(s.thematiques) t)`;
  await tx`
    UPDATE service s SET
      search_document = search_text(concat_ws(' ', s.nom, ${labels}, o.name, s.description)),
      search_tsv = setweight(to_tsvector('french', search_text(s.nom)), 'A')
        || setweight(to_tsvector('french', search_text(${labels})), 'B')
        || setweight(to_tsvector('french', search_text(o.name)), 'C')
        || setweight(to_tsvector('french', search_text(s.description)), 'D')
    FROM organisation o
    WHERE o.territory_id = s.territory_id AND o.id = s.organisation_id AND ${where}`;
}
