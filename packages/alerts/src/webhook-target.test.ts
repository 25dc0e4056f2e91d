import { describe, expect, it } from "vitest";
import { isPrivateAddress, privateTargetOf } from "./webhook-target.ts";

describe("isPrivateAddress", () => {
  it("refuses loopback, link-local, private and unspecified addresses, IPv4 and IPv6", () => {
    for (const address of [
      "127.0.0.1",
      "127.8.9.10",
      "0.0.0.0",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "::1",
      "::",
      "fe80::1",
      "fd12:3456::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:a9fe:a9fe",
    ])
      expect(isPrivateAddress(address), address).toBe(true);
  });

  it("accepts public addresses", () => {
    for (const address of ["8.8.8.8", "172.32.0.1", "192.169.0.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"])
      expect(isPrivateAddress(address), address).toBe(false);
  });
});

describe("privateTargetOf", () => {
  it("checks literal addresses, bracketed IPv6 and what a hostname resolves to", async () => {
    const resolve = async (host: string) =>
      host === "inside.example" ? ["93.184.216.34", "10.0.0.7"] : ["93.184.216.34"];
    expect(await privateTargetOf("http://127.0.0.1:5432/", resolve)).toBe("127.0.0.1");
    expect(await privateTargetOf("http://[::1]:8080/hook", resolve)).toBe("::1");
    expect(await privateTargetOf("https://inside.example/hook", resolve)).toBe("10.0.0.7");
    expect(await privateTargetOf("https://hooks.example/hook", resolve)).toBeNull();
  });
});
