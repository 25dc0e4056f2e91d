// Industries come from HRIS exports as NAICS codes, official NAICS titles or a vendor's
// own slug ("logistics", "Transportation & Warehousing", "48-49"). The regulation policy
// must not depend on which spelling arrived, so every spelling is reduced to one key per
// NAICS 2022 sector at ingest, and the policy is keyed by that key.

/** One NAICS 2022 sector: the key hr-radar stores, its code, official title and accepted aliases. */
export interface IndustrySector {
  /** The one industry key stored and matched against `policy.regulation.industries`. */
  readonly key: string;
  /** NAICS 2022 sector code, e.g. `31-33`. */
  readonly naics: string;
  /** Official NAICS 2022 sector title. */
  readonly title: string;
  /** Other spellings accepted for the sector (slugs, common names). */
  readonly aliases: readonly string[];
}

/** The NAICS 2022 sectors, in code order: the known industries. */
export const INDUSTRY_SECTORS: readonly IndustrySector[] = [
  {
    key: "agriculture",
    naics: "11",
    title: "Agriculture, Forestry, Fishing and Hunting",
    aliases: ["farming", "forestry", "fishing"],
  },
  {
    key: "mining",
    naics: "21",
    title: "Mining, Quarrying, and Oil and Gas Extraction",
    aliases: ["quarrying", "oil_gas", "oil_and_gas_extraction"],
  },
  { key: "utilities", naics: "22", title: "Utilities", aliases: ["energy", "electric_power"] },
  { key: "construction", naics: "23", title: "Construction", aliases: ["building"] },
  { key: "manufacturing", naics: "31-33", title: "Manufacturing", aliases: ["31", "32", "33", "industrial"] },
  { key: "wholesale_trade", naics: "42", title: "Wholesale Trade", aliases: ["wholesale", "distribution"] },
  { key: "retail_trade", naics: "44-45", title: "Retail Trade", aliases: ["44", "45", "retail", "ecommerce"] },
  {
    key: "transportation_warehousing",
    naics: "48-49",
    title: "Transportation and Warehousing",
    aliases: ["48", "49", "logistics", "transportation", "transport", "warehousing", "shipping"],
  },
  {
    key: "information",
    naics: "51",
    title: "Information",
    aliases: ["technology", "tech", "software", "saas", "media", "publishing", "telecommunications"],
  },
  {
    key: "financial_services",
    naics: "52",
    title: "Finance and Insurance",
    aliases: ["finance", "insurance", "banking", "financial"],
  },
  {
    key: "real_estate",
    naics: "53",
    title: "Real Estate and Rental and Leasing",
    aliases: ["real_estate_rental_leasing", "property"],
  },
  {
    key: "professional_services",
    naics: "54",
    title: "Professional, Scientific, and Technical Services",
    aliases: ["consulting", "legal_services", "accounting", "engineering_services"],
  },
  {
    key: "management_of_companies",
    naics: "55",
    title: "Management of Companies and Enterprises",
    aliases: ["holding_company"],
  },
  {
    key: "administrative_support",
    naics: "56",
    title: "Administrative and Support and Waste Management and Remediation Services",
    aliases: ["waste_management", "staffing", "facilities_services"],
  },
  { key: "education", naics: "61", title: "Educational Services", aliases: ["educational", "schools"] },
  {
    key: "healthcare",
    naics: "62",
    title: "Health Care and Social Assistance",
    aliases: ["health_care", "health", "social_assistance", "hospital"],
  },
  {
    key: "arts_entertainment",
    naics: "71",
    title: "Arts, Entertainment, and Recreation",
    aliases: ["arts", "entertainment", "recreation"],
  },
  {
    key: "accommodation_food_services",
    naics: "72",
    title: "Accommodation and Food Services",
    aliases: ["hospitality", "accommodation", "food_services", "restaurants"],
  },
  {
    key: "other_services",
    naics: "81",
    title: "Other Services (except Public Administration)",
    aliases: ["other_services_except_public_administration", "repair_maintenance", "nonprofit"],
  },
  {
    key: "public_administration",
    naics: "92",
    title: "Public Administration",
    aliases: ["government", "public_sector"],
  },
];

/**
 * How two spellings are compared: ASCII letters and digits only, lowercased, in words
 * split on anything else (so `&`, commas, hyphens, en dashes and underscores are one
 * separator), with the word "and" and a leading "naics" dropped. `Transportation &
 * Warehousing`, `transportation_warehousing` and `TRANSPORTATION AND WAREHOUSING` all
 * read `transportation_warehousing`; `48-49` reads `48_49`.
 */
export function industrySlug(raw: string): string {
  const words = raw
    .replace(/[^A-Za-z0-9]+/g, " ")
    .toLowerCase()
    .split(" ")
    .filter((w) => w !== "" && w !== "and");
  if (words[0] === "naics") words.shift();
  return words.join("_");
}

const SECTOR_BY_SLUG: ReadonlyMap<string, IndustrySector> = (() => {
  const bySlug = new Map<string, IndustrySector>();
  for (const sector of INDUSTRY_SECTORS) {
    for (const spelling of [sector.key, sector.naics, sector.title, ...sector.aliases]) {
      const slug = industrySlug(spelling);
      const seen = bySlug.get(slug);
      if (seen !== undefined && seen !== sector) {
        throw new Error(`industry spelling "${spelling}" is claimed by ${seen.key} and ${sector.key}`);
      }
      bySlug.set(slug, sector);
    }
  }
  return bySlug;
})();

/** What an industry as sent resolves to: a known sector's key, or not recognised. */
export type IndustryResolution =
  | { recognised: true; key: string; sector: IndustrySector }
  | { recognised: false; key: null; sector: null };

/**
 * Resolves an industry as any source spells it (NAICS code, official title, key or
 * alias; case and punctuation do not matter) to its sector. Idempotent on keys, so a
 * stored key resolves to itself.
 */
export function resolveIndustry(raw: string): IndustryResolution {
  const sector = SECTOR_BY_SLUG.get(industrySlug(raw));
  return sector === undefined
    ? { recognised: false, key: null, sector: null }
    : { recognised: true, key: sector.key, sector };
}

/**
 * The value stored for an industry: the sector key when recognised, otherwise the text as
 * given (trimmed), so nothing the HRIS said is lost and the rules can say it was not recognised.
 */
export function normaliseIndustry(raw: string): string {
  const resolved = resolveIndustry(raw);
  return resolved.recognised ? resolved.key : raw.trim();
}

/**
 * The key `policy.regulation.industries` is looked up with: the sector key, or for an
 * industry outside the taxonomy its slug, so an organisation may still regulate its own
 * industry (`regulation.industries.biotech`).
 */
export function regulationKey(raw: string): string {
  return resolveIndustry(raw).key ?? industrySlug(raw);
}
