export {
  loadOrganisation,
  loadOrganisations,
  nthOrganisationAfter,
  type OrganisationProfile,
  type OrganisationSelection,
} from "./profiles.ts";
export { type ProfileToStore, upsertOrganisationProfiles } from "./store-profiles.ts";
export { type StoredPolicy, storedPolicy } from "./stored-policy.ts";
