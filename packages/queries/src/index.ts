export { toCsv } from "./csv.ts";
export { checkDateWindow, type DateWindowError, isCalendarDate } from "./dates.ts";
export { toRfc3339 } from "./instants.ts";
export { listOrganisations, organisationOverview } from "./organisations.ts";
export { loadProjections } from "./projections.ts";
export { authenticateToken, createApiToken, listApiTokens, revokeApiToken } from "./tokens.ts";
