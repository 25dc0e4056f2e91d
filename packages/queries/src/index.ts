export { toCsv } from "./csv.ts";
export { listOrganisations, organisationOverview } from "./organisations.ts";
export { loadProjections } from "./projections.ts";
export { authenticateToken, createApiToken, listApiTokens, revokeApiToken } from "./tokens.ts";
