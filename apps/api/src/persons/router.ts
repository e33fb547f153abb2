import { router } from '../trpc/init.ts';
import { recordConsent } from './procedures/consent.ts';
import { listConsultations } from './procedures/consultations.ts';
import { createPerson } from './procedures/create.ts';
import { compareDuplicates, listDuplicates, mergedInto } from './procedures/duplicates.ts';
import { getPerson } from './procedures/get.ts';
import { mergePersons } from './procedures/merge.ts';
import { addToGroup, leaveGroup, listGroup, removeFromGroup, setReferent } from './procedures/group.ts';
import { checkDuplicates, searchPersons, searchReferents } from './procedures/search.ts';
import {
  addBudgetLine,
  addHouseholdMember,
  getSituation,
  removeBudgetLine,
  removeHouseholdMember,
  updateBudgetLine,
  updateHouseholdMember,
  updateSituation,
} from './procedures/situation.ts';
import { exportJson, exportPdf, notice, overview } from './procedures/rights.ts';
import { addTimelineEntry, listTimeline } from './procedures/timeline.ts';

/** Persons (bénéficiaires): minimal file, duplicate check, information/consent/objection events. */
export const personsRouter = router({
  search: searchPersons,
  /** The référents the search offers (the user, then their organisation's professionals). */
  referents: searchReferents,
  checkDuplicates,
  create: createPerson,
  get: getPerson,
  recordConsent,
  /** « Qui a consulté ce dossier » (admin and coordinators). */
  consultations: listConsultations,
  /** The follow-up group (groupe de suivi). */
  group: router({ list: listGroup, add: addToGroup, remove: removeFromGroup, leave: leaveGroup, setReferent }),
  /** The shared timeline, filtered by canSeeEntry. */
  timeline: router({ list: listTimeline, add: addTimelineEntry }),
  /** Duplicate files (coordinators): candidate pairs, side-by-side comparison; where a merged file went. */
  duplicates: router({ list: listDuplicates, compare: compareDuplicates, mergedInto }),
  /** Merges a duplicate file into the kept one (coordinators). */
  merge: mergePersons,
  /** « Situation et foyer »: situation, household, budget; fields filtered by canSeeSituationField. */
  situation: router({
    get: getSituation,
    update: updateSituation,
    household: router({ add: addHouseholdMember, update: updateHouseholdMember, remove: removeHouseholdMember }),
    budget: router({ add: addBudgetLine, update: updateBudgetLine, remove: removeBudgetLine }),
  }),
  /** The person's rights: information notice (PDF), right-of-access export (JSON, PDF; CCAS coordinators). */
  rights: router({ overview, notice, exportJson, exportPdf }),
});
