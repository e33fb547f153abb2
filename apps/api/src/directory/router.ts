import { router } from '../trpc/init.ts';
import { interopRouter } from './interop/router.ts';
import { getCommunes, searchCommunes } from './procedures/communes.ts';
import {
  getOrganisationProfile,
  listNetworkOrganisations,
  updateOrganisationProfile,
} from './procedures/organisations.ts';
import { searchDirectory, staleServices } from './procedures/search.ts';
import {
  archiveService,
  confirmService,
  createService,
  getService,
  setServiceCapacity,
  updateService,
} from './procedures/services.ts';

/** Directory of the partner network: search, services, organisation profiles, import/export. */
export const directoryRouter = router({
  interop: interopRouter,
  search: searchDirectory,
  stale: staleServices,
  service: router({
    get: getService,
    create: createService,
    update: updateService,
    archive: archiveService,
    setCapacity: setServiceCapacity,
    confirm: confirmService,
  }),
  organisation: router({
    get: getOrganisationProfile,
    updateProfile: updateOrganisationProfile,
    list: listNetworkOrganisations,
  }),
  communes: router({ search: searchCommunes, get: getCommunes }),
});
