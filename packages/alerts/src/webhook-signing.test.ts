import { describe, expect, it } from "vitest";
import { parseWebhookSecret, signWebhook } from "./webhook-signing.ts";

describe("Standard Webhooks signing", () => {
  it("matches the specification's example signature", () => {
    const secret = parseWebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    if (!secret.success) throw new Error(secret.error);
    expect(signWebhook(secret.key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}')).toEqual({
      "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
      "webhook-timestamp": "1614265330",
      "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    });
  });

  it("refuses secrets that are not whsec_ base64 keys of at least 16 bytes", () => {
    expect(parseWebhookSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).toEqual({
      success: false,
      error: "must start with whsec_",
    });
    expect(parseWebhookSecret("whsec_not base64!").success).toBe(false);
    expect(parseWebhookSecret("whsec_c2hvcnQ=")).toMatchObject({
      success: false,
      error: expect.stringMatching(/16 bytes/),
    });
  });
});
