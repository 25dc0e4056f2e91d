import { hash } from "node:crypto";
import type { Database, Transaction } from "@hr-radar/db";
import { type DecodeOptions, decodeRecord, type IngestEvent, type Rejection } from "@hr-radar/events";
import type { KafkaMessage, Message } from "kafkajs";
import { deadLetterRecord } from "./dead-letter.ts";
import { isDataError } from "./errors.ts";
import {
  advanceOffset,
  appliedEvents,
  claimEvents,
  type EventIdentity,
  eventKey,
  lockNextOffset,
  type PartitionRef,
} from "./ledger.ts";

/** A validated event plus where it was read from. */
export type StoredEvent = IngestEvent & { topic: string; partition: number; offset: string };

/** What a service plugs into the runner: extra checks and the writes for its events. */
export interface IngestHandler {
  /** Checks beyond the contract's schema (e.g. cross-field policy rules); null when fine. */
  check?(event: IngestEvent): Rejection | null;
  /**
   * Writes events that were never applied before, inside the batch's transaction. Must
   * be set-based (a few statements per batch, not one per event).
   */
  apply(tx: Transaction, events: readonly StoredEvent[]): Promise<void>;
  /**
   * The event's content fingerprint for the ledger (default: {@link contentFingerprint}).
   * A service whose events carry personal data keys it with its secret, so the ledger holds
   * nothing a dictionary attack could turn back into an identifier.
   */
  fingerprint?(event: IngestEvent): string;
  /**
   * The fingerprint as this service computed it before `fingerprint` changed, for ledger
   * entries written then. A changed fingerprint starts with a version (`v2:`); a stored one
   * without (base64url has no `:`) is compared with this instead, so a repeat of an event
   * applied before the upgrade is still a repeat, not a conflict. Only events already in the
   * ledger (repeats, rare) pay for it.
   */
  legacyFingerprint?(event: IngestEvent): string;
}

/**
 * SHA-256 of an event's type and validated data (fields outside the contract are already
 * dropped, keys in schema order), not its time: a producer that re-stamps a retry sends
 * the same event; one that reuses an id for other data sends a conflicting one.
 */
export function contentFingerprint(event: IngestEvent): string {
  // the one-shot `hash` (same digest as createHash) costs a third as much per small input
  return hash("sha256", `${event.type}\u0000${JSON.stringify(event.data)}`, "base64url");
}

/** Counts for one chunk, logged per batch. */
export interface ChunkResult {
  received: number;
  /** Already applied (at or before the stored offset): a redelivery after a crash or rebalance. */
  replayed: number;
  /** Same CloudEvents source + id as an event applied earlier. */
  duplicates: number;
  stored: number;
  deadLettered: number;
}

/** The runner's collaborators for one chunk. */
export interface ChunkDeps {
  db: Database;
  handler: IngestHandler;
  decodeOptions: () => DecodeOptions;
  sendDeadLetters(messages: Message[]): Promise<void>;
  /** Test-only hooks for the runner's failpoints: after the writes, and just before the commit. */
  onWritten?(): void;
  beforeCommit?(): void;
}

/**
 * Applies a chunk of one partition's records in one transaction: fence on the stored
 * offset, validate, claim event ids, apply the new events, dead-letter the invalid,
 * advance the offset. Either all of that commits or none of it does, so a crash at any
 * point replays the chunk without counting anything twice.
 *
 * If the database refuses the data itself (not a transient failure), the chunk is split
 * until the single offending record is found and dead-lettered, so one bad record can
 * never stall its partition.
 */
export async function applyChunk(
  deps: ChunkDeps,
  ref: PartitionRef,
  messages: readonly KafkaMessage[],
): Promise<ChunkResult> {
  try {
    return await applyInTransaction(deps, ref, messages);
  } catch (error) {
    if (!isDataError(error)) throw error;
    if (messages.length === 1) return deadLetterUnprocessable(deps, ref, messages[0]!, error);
    const middle = Math.ceil(messages.length / 2);
    const first = await applyChunk(deps, ref, messages.slice(0, middle));
    const second = await applyChunk(deps, ref, messages.slice(middle));
    return sumResults(first, second);
  }
}

async function applyInTransaction(
  deps: ChunkDeps,
  ref: PartitionRef,
  messages: readonly KafkaMessage[],
): Promise<ChunkResult> {
  return deps.db.transaction(async (tx) => {
    const nextOffset = await lockNextOffset(tx, ref);
    // A chunk is consecutive offsets of one partition: usually none of it was applied, and
    // only a redelivery needs a look at each offset (a BigInt per record otherwise).
    const pending =
      messages.length > 0 && BigInt(messages[0]!.offset) >= nextOffset
        ? messages
        : messages.filter((m) => BigInt(m.offset) >= nextOffset);
    const result: ChunkResult = {
      received: messages.length,
      replayed: messages.length - pending.length,
      duplicates: 0,
      stored: 0,
      deadLettered: 0,
    };
    if (pending.length === 0) return result;

    const options = deps.decodeOptions();
    const valid: StoredEvent[] = [];
    const deadLetters: Message[] = [];
    for (const message of pending) {
      const decoded = decodeRecord(message, options);
      const rejection = decoded.success ? (deps.handler.check?.(decoded.event) ?? null) : decoded.error;
      if (rejection !== null) {
        deadLetters.push(deadLetterRecord(message, rejection, ref, options.now));
      } else if (decoded.success) {
        valid.push({ ...decoded.event, topic: ref.topic, partition: ref.partition, offset: message.offset });
      }
    }
    const { fresh, conflicts } = await claimFresh(tx, ref, valid, deps.handler);
    for (const { event, first } of conflicts) {
      const message = pending.find((m) => m.offset === event.offset)!;
      const rejection: Rejection = {
        code: "duplicate_conflict",
        message: `event ${event.source} ${event.id} was applied before with other content (${first.topic}[${first.partition}]@${first.offset}); an event id must not be reused`,
        path: "id",
      };
      deadLetters.push(deadLetterRecord(message, rejection, ref, options.now));
    }
    if (fresh.length > 0) {
      await deps.handler.apply(tx, fresh);
      deps.onWritten?.();
    }
    // Dead letters go out only once the writes have succeeded, just before the commit, so a
    // failed or retried batch does not send them twice; only a crash in the moment between
    // this send and the commit can (the DLQ headers identify such a repeat).
    if (deadLetters.length > 0) await deps.sendDeadLetters(deadLetters);
    await advanceOffset(tx, ref, BigInt(pending.at(-1)!.offset) + 1n);
    if (fresh.length > 0) deps.beforeCommit?.();
    return {
      ...result,
      duplicates: valid.length - fresh.length - conflicts.length,
      stored: fresh.length,
      deadLettered: deadLetters.length,
    };
  });
}

/** A valid event whose id was applied before with other content. */
interface Conflict {
  event: StoredEvent;
  first: { topic: string; partition: number; offset: string };
}

/** An event to claim in the ledger, and the event itself. */
type Claim = EventIdentity & { event: StoredEvent };

/**
 * Events new to the ledger, in partition order; a repeat (same id and content, inside the
 * chunk or applied before) counts once; a reuse of an id with other content is a conflict.
 */
async function claimFresh(
  tx: Transaction,
  ref: PartitionRef,
  valid: readonly StoredEvent[],
  handler: Pick<IngestHandler, "fingerprint" | "legacyFingerprint">,
): Promise<{ fresh: StoredEvent[]; conflicts: Conflict[] }> {
  const fingerprintOf = handler.fingerprint ?? contentFingerprint;
  // Each id's first occurrence is claimed; a repeat inside the chunk (rare) is set aside,
  // compared with whatever the id turns out to stand for.
  const firsts = new Map<string, Claim>();
  const repeats: { key: string; claim: Claim }[] = [];
  for (const event of valid) {
    const key = eventKey(event);
    const { source, id, type, offset } = event;
    const claim = { source, id, type, offset, fingerprint: fingerprintOf(event), event };
    if (firsts.has(key)) repeats.push({ key, claim });
    else firsts.set(key, claim);
  }
  const claims = [...firsts.values()];
  const seenBefore = await claimEvents(tx, ref.topic, ref.partition, claims);
  const fresh: StoredEvent[] = [];
  const conflicts: Conflict[] = [];
  if (seenBefore.size === 0 && repeats.length === 0) {
    // the usual chunk: every event is new
    for (const claim of claims) fresh.push(claim.event);
    return { fresh, conflicts };
  }
  const applied = await appliedEvents(
    tx,
    [...firsts].flatMap(([key, claim]) => (seenBefore.has(key) ? [claim] : [])),
  );
  // What an id stands for: the ledger's entry, or this chunk's first occurrence.
  const reference = (key: string, first: Claim) =>
    seenBefore.has(key)
      ? {
          fingerprint: applied.get(key)?.fingerprint ?? null,
          at: applied.get(key) ?? { topic: ref.topic, partition: ref.partition, offset: "?" },
        }
      : { fingerprint: first.fingerprint, at: { topic: ref.topic, partition: ref.partition, offset: first.offset } };
  const compare = (key: string, occurrence: Claim, first: Claim) => {
    const { fingerprint: stored, at } = reference(key, first);
    // an entry from before fingerprints existed cannot be compared: a plain repeat
    if (stored === null) return;
    const comparable =
      !stored.includes(":") && handler.legacyFingerprint !== undefined
        ? handler.legacyFingerprint(occurrence.event)
        : occurrence.fingerprint;
    if (comparable !== stored) {
      conflicts.push({
        event: occurrence.event,
        first: { topic: at.topic, partition: at.partition, offset: at.offset },
      });
    }
  };
  for (const [key, first] of firsts) {
    if (seenBefore.has(key)) compare(key, first, first);
    else fresh.push(first.event);
  }
  for (const { key, claim } of repeats) compare(key, claim, firsts.get(key)!);
  // `fresh` is in partition order already: a Map iterates keys in the order of their first
  // occurrence. Conflicts (rare) are put back in partition order.
  conflicts.sort((a, b) => (BigInt(a.event.offset) < BigInt(b.event.offset) ? -1 : 1));
  return { fresh, conflicts };
}

async function deadLetterUnprocessable(
  deps: ChunkDeps,
  ref: PartitionRef,
  message: KafkaMessage,
  error: unknown,
): Promise<ChunkResult> {
  return deps.db.transaction(async (tx) => {
    const nextOffset = await lockNextOffset(tx, ref);
    const result: ChunkResult = { received: 1, replayed: 0, duplicates: 0, stored: 0, deadLettered: 0 };
    if (BigInt(message.offset) < nextOffset) return { ...result, replayed: 1 };
    const rejection: Rejection = {
      code: "unprocessable",
      message: `database refused the event: ${(error as Error).message}`,
      path: null,
    };
    await deps.sendDeadLetters([deadLetterRecord(message, rejection, ref, deps.decodeOptions().now)]);
    await advanceOffset(tx, ref, BigInt(message.offset) + 1n);
    return { ...result, deadLettered: 1 };
  });
}

function sumResults(a: ChunkResult, b: ChunkResult): ChunkResult {
  return {
    received: a.received + b.received,
    replayed: a.replayed + b.replayed,
    duplicates: a.duplicates + b.duplicates,
    stored: a.stored + b.stored,
    deadLettered: a.deadLettered + b.deadLettered,
  };
}
