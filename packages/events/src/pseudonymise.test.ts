import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { employeeKey, hmacSha256 } from "./pseudonymise.ts";

const reference = (secret: string, message: string) => createHmac("sha256", secret).update(message).digest("base64url");

describe("hmacSha256", () => {
  // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
  it("gives RFC 4231's digest", () => {
    expect(Buffer.from(hmacSha256("Jefe", "what do ya want for nothing?"), "base64url").toString("hex")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });

  it.each([
    ["a short ASCII secret", "0123456789abcdef"],
    ["a secret of exactly one block", "k".repeat(64)],
    ["a secret longer than a block (hashed first)", "s".repeat(65)],
    ["a non-ASCII secret", "clé-secrète-ünïcödé-🔑"],
    ["a secret of random bytes as latin1", randomBytes(40).toString("latin1")],
  ])("matches createHmac for %s", (_, secret) => {
    for (const message of ["", "acme\u0000E-42", "org-ü\u0000émployé-🙂", "x".repeat(500)]) {
      expect(hmacSha256(secret, message)).toBe(reference(secret, message));
    }
  });

  it("keeps employee keys what they were (organisation, NUL, employee id)", () => {
    const secret = "0123456789abcdef0123";
    expect(employeeKey(secret, "acme", "E-42")).toBe(reference(secret, "acme\u0000E-42"));
    // a second secret in the same process does not disturb the first
    expect(employeeKey("another-secret-of-16", "acme", "E-42")).toBe(
      reference("another-secret-of-16", "acme\u0000E-42"),
    );
    expect(employeeKey(secret, "acme", "E-42")).toBe(reference(secret, "acme\u0000E-42"));
  });
});
