import type { ServerResponse } from "node:http";

/** Sends an RFC 9457 problem document. */
export function sendProblem(res: ServerResponse, status: number, title: string, detail: string): void {
  res
    .writeHead(status, { "content-type": "application/problem+json" })
    .end(`${JSON.stringify({ type: "about:blank", title, status, detail })}\n`);
}
