/**
 * Every table that points to a person, and what a merge (persons.merge) does with its rows.
 *
 * A table added with a `person_id` column (or any foreign key to `person`) must be listed here:
 * `test/merge.integration.test.ts` reads the catalogue and fails otherwise. Not listed, on
 * purpose: `audit_event` (never rewritten: « qui a consulté » follows `person.merged_into_id`
 * instead), `person_name_word` (the merged file's words are removed by a trigger, migration
 * 0015, so it leaves the search), and `person.merged_into_id` itself.
 *
 * Strategies:
 * - `move`: every row moves to the kept person (history: nothing is lost, nothing merged).
 * - `access` (person_access): per organisation, the best grant of the two files stays on the
 *   kept one (a grant in force beats a revoked one; then creator > follow-up group > referral;
 *   the earliest date); the superseded grants are removed. Objections of both registers then
 *   apply to the kept file (an organisation objected to on either file loses its access).
 * - `membership` (follow_up_member): one current membership per organisation: when both files
 *   have one, the earlier stays current (it takes the other's référent if it has none) and the
 *   other ends at the merge; every row, ended ones included, moves (the group's history).
 * - `one_per_person`: a 1:1 row (primary key on the person): the kept file's row stays; when it
 *   has none, the merged file's row moves; otherwise the merged file's row stays with the
 *   tombstone (nothing is deleted; the compare page shows both files before the merge).
 * - `stay`: rows about the merged file as such, which must not follow to the kept file.
 *
 * `since` names the migration that creates the table: a table of a migration that is not
 * applied yet (parallel work) is skipped when it does not exist.
 */
export type MergeStrategy = 'move' | 'access' | 'membership' | 'one_per_person' | 'stay';

export interface PersonTable {
  table: string;
  column: string;
  strategy: MergeStrategy;
  since: string;
  why: string;
}

export const PERSON_TABLES: readonly PersonTable[] = [
  {
    table: 'person_access',
    column: 'person_id',
    strategy: 'access',
    since: '0006',
    why: 'who may see the file: the best grant per organisation, then the objections of both registers',
  },
  {
    table: 'consent_event',
    column: 'person_id',
    strategy: 'move',
    since: '0006',
    why: 'the information/consent/objection register keeps both histories',
  },
  {
    table: 'referral',
    column: 'person_id',
    strategy: 'move',
    since: '0006',
    why: 'referrals, with their tasks, events, messages and attachments (they point to the referral)',
  },
  {
    table: 'follow_up_member',
    column: 'person_id',
    strategy: 'membership',
    since: '0009',
    why: 'one current membership per organisation; history rows kept',
  },
  {
    table: 'timeline_entry',
    column: 'person_id',
    strategy: 'move',
    since: '0009',
    why: 'every entry of every organisation, with its visibility',
  },
  {
    table: 'person_situation',
    column: 'person_id',
    strategy: 'one_per_person',
    since: '0013',
    why: 'the 1:1 situation: the kept file’s, else the merged file’s',
  },
  {
    table: 'household_member',
    column: 'person_id',
    strategy: 'move',
    since: '0013',
    why: 'the household members of both files',
  },
  {
    table: 'person_budget_line',
    column: 'person_id',
    strategy: 'move',
    since: '0013',
    why: 'resources and charges (their household_member_id moves with the members)',
  },
  {
    table: 'person_task',
    column: 'person_id',
    strategy: 'move',
    since: '0014',
    why: 'tasks, open and closed',
  },
  {
    table: 'demande',
    column: 'person_id',
    strategy: 'move',
    since: '0019',
    why: 'demandes d’aide (commissions), with everything that hangs from them by demande_id',
  },
  {
    table: 'register_entry',
    column: 'person_id',
    strategy: 'move',
    since: '0022',
    why: 'registrations in the register of vulnerable people, radiated ones included (history); the API keeps one in force per person',
  },
  {
    table: 'visit_programme',
    column: 'person_id',
    strategy: 'move',
    since: '0023',
    why: 'visit programmes (with their visitors) follow the person: both files’ programmes are kept',
  },
  {
    table: 'visit',
    column: 'person_id',
    strategy: 'move',
    since: '0023',
    why: 'the visit log keeps both histories',
  },
  {
    table: 'campaign_list_entry',
    column: 'person_id',
    strategy: 'move',
    since: '0024',
    why: 'campaign call lists follow the person (the API reads one entry per person and campaign)',
  },
  {
    table: 'campaign_call',
    column: 'person_id',
    strategy: 'move',
    since: '0024',
    why: 'campaign calls keep both histories',
  },
  {
    table: 'elimination_request',
    column: 'person_id',
    strategy: 'stay',
    since: '0017',
    why: 'a retention decision about the merged file as such (only archived files are eliminated)',
  },
];

/** Tables with a person reference that the merge leaves alone on purpose (see above). */
export const PERSON_TABLES_EXEMPT: readonly { table: string; column: string }[] = [
  { table: 'audit_event', column: 'person_id' },
  { table: 'person_name_word', column: 'person_id' },
  { table: 'person', column: 'merged_into_id' },
];
