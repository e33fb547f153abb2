import { router } from '../trpc/init.ts';
import {
  archiveCommissionType,
  createCommissionType,
  getCommissionType,
  listCommissionTypes,
  memberCandidates,
  updateCommissionType,
} from './procedures/config.ts';
import {
  addDemandeAttachments,
  createDemande,
  downloadDemandeAttachment,
  getDemande,
  listDemandes,
  prefillDemande,
  transitionDemande,
  updateDemande,
} from './procedures/demandes.ts';
import { decisionsRouter } from './procedures/decision.ts';
import { outputsRouter } from './procedures/outputs.ts';
import { seancesRouter } from './procedures/seance.ts';
import { statsRouter } from './procedures/stats.ts';

/**
 * Commissions (issue 6): configuration of the commission types, demandes d'aide (instruction).
 * The séances, decisions, signatures, payments and outputs add their sub-routers here.
 */
export const commissionsRouter = router({
  /** Commission types: aid kinds, envelopes, members and capacities, quorum, barème (coordinators, admin). */
  config: router({
    list: listCommissionTypes,
    get: getCommissionType,
    create: createCommissionType,
    update: updateCommissionType,
    archive: archiveCommissionType,
    memberCandidates,
  }),
  /** Demandes d'aide: prefill from the file, create, read, edit, instruction transitions, pièces. */
  demandes: router({
    prefill: prefillDemande,
    create: createDemande,
    get: getDemande,
    update: updateDemande,
    transition: transitionDemande,
    list: listDemandes,
    attachments: router({ add: addDemandeAttachments, download: downloadDemandeAttachment }),
  }),
  /** Séances: agenda, convocation, attendance and quorum, opening and closing (seance.ts). */
  seances: seancesRouter,
  /** Decisions: in séance or urgent, ratification, two signatures (envelope), notification, payments (decision.ts). */
  decisions: decisionsRouter,
  /** Procès-verbal, decision letters, payments log and envelopes (outputs.ts). */
  outputs: outputsRouter,
  /** Statistics and their CSV/XLSX export (stats.ts). */
  stats: statsRouter,
});
