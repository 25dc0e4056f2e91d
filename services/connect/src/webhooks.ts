import type { IncomingMessage, ServerResponse } from "node:http";
import {
  adapterFor,
  type Connection,
  resolveSecret,
  SecretUnavailableError,
  type WebhookChange,
} from "@hr-radar/connectors";
import type { Logger } from "@hr-radar/service-kit";
import type { Counter } from "prom-client";
import { sendProblem } from "./problem.ts";

/** What the webhook endpoint needs from the service. */
export interface WebhookDeps {
  connection(id: string): Promise<Connection | null>;
  /** Queues the fetch of the named records; the answer does not wait for it. */
  enqueue(connection: Connection, changes: readonly WebhookChange[]): void;
  maxBytes: number;
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  received: Counter<"vendor" | "outcome">;
}

const REASONS = {
  missing_signature: "the delivery carries no signature headers",
  bad_signature: "the signature does not match the body",
  stale_timestamp: "the timestamp is outside the accepted window (a replay, or a clock far off)",
  malformed: "the signature header is not in the vendor's format",
} as const;

/**
 * `POST /hooks/<connection>`: reads the raw body (the signature covers its exact bytes),
 * verifies it with the connection's webhook secret, answers 202 at once and queues the
 * fetch. A bad or stale signature answers 401 and produces nothing. Webhooks are hints: a
 * delivery lost here (a crash after the 202) is found by the next reconciliation.
 */
export async function handleWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  deps: WebhookDeps,
): Promise<void> {
  if (req.method !== "POST") {
    res.setHeader("allow", "POST");
    return sendProblem(res, 405, "Method Not Allowed", "webhooks are delivered with POST");
  }
  const connection = await deps.connection(id);
  const adapter = connection ? adapterFor(connection.vendor) : undefined;
  if (!connection || !adapter) return sendProblem(res, 404, "Not Found", `no connection ${id}`);
  const count = (outcome: string) => deps.received.inc({ vendor: connection.vendor, outcome });

  const rawBody = await readBody(req, deps.maxBytes);
  if (rawBody === null) {
    count("too_large");
    return sendProblem(res, 413, "Content Too Large", `webhook bodies are limited to ${deps.maxBytes} bytes`);
  }
  let secret: string;
  try {
    secret = resolveSecret("webhookSecret", connection.credentials.webhookSecret, deps.env);
  } catch (error) {
    if (!(error instanceof SecretUnavailableError)) throw error;
    count("no_secret");
    deps.logger.error(
      { connectionId: id, err: error.message },
      "webhook refused: the connection's webhook secret is not available",
    );
    return sendProblem(
      res,
      503,
      "Service Unavailable",
      "this connection's webhook secret is not configured on the connector",
    );
  }
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.at(-1) : v]),
  );
  const verdict = adapter.verifyWebhook({ rawBody, headers, secret, now: new Date() });
  if (!verdict.ok) {
    count(verdict.reason);
    deps.logger.warn({ connectionId: id, reason: verdict.reason }, "webhook refused");
    return sendProblem(res, 401, "Unauthorized", REASONS[verdict.reason]);
  }
  const changes = adapter.webhookChanges(rawBody, connection.config);
  if (changes === null) {
    count("bad_body");
    return sendProblem(res, 400, "Bad Request", `the body is not a ${adapter.title} webhook payload`);
  }
  count("accepted");
  res.writeHead(202, { "content-type": "application/json" }).end(`${JSON.stringify({ accepted: changes.length })}\n`);
  if (changes.length > 0) deps.enqueue(connection, changes);
}

/** The body as bytes, or null once it passes `maxBytes` (the rest is not read). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        over = true;
        req.pause();
        done(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => !over && done(Buffer.concat(chunks)));
    req.on("error", fail);
  });
}
