import { router } from '../trpc/init.ts';
import { listAudit, verifyAudit } from './procedures/audit.ts';
import { changeRole, inviteMember, listMembers, removeMember } from './procedures/members.ts';
import {
  createOrganisation,
  deactivateOrganisation,
  getOrganisation,
  listOrganisations,
  reactivateOrganisation,
  updateOrganisation,
} from './procedures/organisations.ts';

export const adminRouter = router({
  organisations: router({
    list: listOrganisations,
    get: getOrganisation,
    create: createOrganisation,
    update: updateOrganisation,
    deactivate: deactivateOrganisation,
    reactivate: reactivateOrganisation,
  }),
  members: router({ list: listMembers, invite: inviteMember, changeRole, remove: removeMember }),
  audit: router({ list: listAudit, verify: verifyAudit }),
});
