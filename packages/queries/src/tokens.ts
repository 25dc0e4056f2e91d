import { createHash, randomBytes } from "node:crypto";
import { type Database, schema } from "@hr-radar/db";
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";

/** Every token starts with this, so a leaked one is recognisable (e.g. by secret scanners). */
export const TOKEN_PREFIX = "hrr_";

/** SHA-256 of a token, hex: what `api_tokens` stores and looks up. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Creates a token for one organisation, valid until `expiresAt` (RFC 3339) or for good when
 * it is omitted. The token is returned once and never stored.
 */
export async function createApiToken(
  db: Database,
  input: { organisationId: string; name: string; expiresAt?: string },
): Promise<{ tokenId: number; token: string }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const [row] = await db
    .insert(schema.apiTokens)
    .values({
      organisationId: input.organisationId,
      name: input.name,
      tokenHash: hashToken(token),
      expiresAt: input.expiresAt ?? null,
    })
    .returning({ tokenId: schema.apiTokens.tokenId });
  return { tokenId: row!.tokenId, token };
}

/**
 * The organisation a token may read, or null for an unknown, revoked or expired token
 * (expiry is judged by the database's clock, like revocation). `last_used_at`
 * is refreshed at most once a minute per token, so reads do not turn into a write each.
 */
export async function authenticateToken(
  db: Database,
  token: string,
): Promise<{ tokenId: number; organisationId: string; name: string } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const { apiTokens } = schema;
  const [row] = await db
    .select({
      tokenId: apiTokens.tokenId,
      organisationId: apiTokens.organisationId,
      name: apiTokens.name,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, hashToken(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
      ),
    );
  if (!row) return null;
  if (row.lastUsedAt === null || Date.parse(row.lastUsedAt) < Date.now() - 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.tokenId, row.tokenId));
  }
  return { tokenId: row.tokenId, organisationId: row.organisationId, name: row.name };
}

/** Revokes a token by id; false when there is no such live token. */
export async function revokeApiToken(db: Database, tokenId: number): Promise<boolean> {
  const { apiTokens } = schema;
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.tokenId, tokenId), isNull(apiTokens.revokedAt)))
    .returning({ tokenId: apiTokens.tokenId });
  return rows.length > 0;
}

/** Tokens (never their secret), for `hr-radar token list`. */
export async function listApiTokens(db: Database, organisationId?: string) {
  const { apiTokens } = schema;
  return db
    .select({
      tokenId: apiTokens.tokenId,
      organisationId: apiTokens.organisationId,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      expiresAt: apiTokens.expiresAt,
    })
    .from(apiTokens)
    .where(organisationId === undefined ? undefined : eq(apiTokens.organisationId, organisationId))
    .orderBy(apiTokens.tokenId);
}
