import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * Where a secret lives: an environment variable of the connector's process, or a file (a
 * mounted secret). Only the reference is stored; the value is read when a run needs it,
 * so a rotated secret takes effect without touching the connection.
 */
export const secretRefSchema = z.union([
  z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name") }),
  z.strictObject({ file: z.string().min(1) }),
]);
export type SecretRef = z.infer<typeof secretRefSchema>;

/** A secret that cannot be read: says which reference, never the value. */
export class SecretUnavailableError extends Error {
  readonly secretName: string;
  readonly ref: SecretRef;
  constructor(secretName: string, ref: SecretRef, detail: string) {
    super(`secret ${secretName} (${describeSecretRef(ref)}): ${detail}`);
    this.name = "SecretUnavailableError";
    this.secretName = secretName;
    this.ref = ref;
  }
}

/** `env BAMBOOHR_API_KEY` or `file /run/secrets/x`: what may be printed about a secret. */
export function describeSecretRef(ref: SecretRef): string {
  return "env" in ref ? `env ${ref.env}` : `file ${ref.file}`;
}

/** Reads a secret from its reference (trimmed), or throws {@link SecretUnavailableError}. */
export function resolveSecret(name: string, ref: SecretRef | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (ref === undefined) throw new SecretUnavailableError(name, { env: "UNSET" }, "not configured for this connection");
  let value: string | undefined;
  if ("env" in ref) value = env[ref.env];
  else {
    try {
      value = readFileSync(ref.file, "utf8");
    } catch (error) {
      throw new SecretUnavailableError(name, ref, `cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
  }
  const trimmed = value?.trim();
  if (!trimmed) throw new SecretUnavailableError(name, ref, "empty or not set");
  return trimmed;
}
