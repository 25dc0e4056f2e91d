import type { KafkaMessage } from "kafkajs";

/**
 * Fetching and applying, overlapped. kafkajs has one fetcher per broker, and it fetches
 * again only once every batch of its last fetch was handled: with the usual single broker,
 * every lane sat idle through every fetch, and the last batch of a fetch ran alone. So the
 * consumer only hands a fetched batch to its partition's queue here and fetches on, and up to
 * `lanes` chunks are applied at once, each partition's in offset order, one chunk at a time.
 *
 * What happens if the process dies with records queued: nothing was applied from them, so
 * nothing is lost: Postgres holds the truth about what was applied, and the next start seeks
 * to it. Queued work is also dropped on a rebalance and after a failed chunk ({@link drop});
 * the caller then makes the consumer fetch it again from the first offset not applied.
 */
export interface ApplyPipeline {
  /**
   * Resolves once `records` more fit in the budget of records held (backpressure on the
   * fetcher); a batch larger than the budget fits when nothing else is held.
   */
  room(records: number): Promise<void>;
  /**
   * Queues a partition's fetched records (in offset order, after what was queued before).
   * Returns false when the pipeline is stopping and refused them.
   */
  push(partition: number, messages: readonly KafkaMessage[]): boolean;
  /**
   * Drops every queued record (the chunks being applied finish) and returns, per
   * partition, the first offset that is neither applied nor being applied: where to fetch from.
   */
  drop(): Map<number, string>;
  /** Drops the queue and waits for the chunks being applied. */
  stop(): Promise<void>;
  /** Records queued or being applied. */
  held(): number;
}

/** How a pipeline applies chunks and reports failures. */
export interface ApplyPipelineOptions {
  /** Chunks applied at once (each takes one database connection). */
  lanes: number;
  /** Largest chunk: consecutive queued batches of one partition are applied together up to this. */
  maxChunkSize: number;
  /** Most records held (queued or being applied) before `enqueue` waits. */
  maxHeld: number;
  /** Applies one chunk of one partition in one transaction. */
  apply(partition: number, chunk: readonly KafkaMessage[]): Promise<void>;
  /**
   * A chunk failed (it rolled back whole). Called once per failure, after the queue was
   * dropped, with where each partition must be fetched from again.
   */
  onFailure(error: unknown, refetchFrom: Map<number, string>): void;
}

/** Creates an {@link ApplyPipeline}. */
export function createApplyPipeline(options: ApplyPipelineOptions): ApplyPipeline {
  const queues = new Map<number, KafkaMessage[]>();
  // partitions with a chunk being applied
  const applying = new Set<number>();
  const running = new Set<Promise<void>>();
  let held = 0;
  let stopping = false;
  let roomWaiters: (() => void)[] = [];
  // The partition served longest ago goes next, so one partition's backlog does not starve
  // the others (never served: first, in the order they arrived).
  const lastServed = new Map<number, number>();
  let served = 0;

  const wakeRoom = () => {
    const waiters = roomWaiters;
    roomWaiters = [];
    for (const wake of waiters) wake();
  };

  function schedule(): void {
    while (!stopping && applying.size < options.lanes) {
      let partition: number | undefined;
      for (const [p, queue] of queues) {
        if (queue.length === 0 || applying.has(p)) continue;
        if (partition === undefined || (lastServed.get(p) ?? -1) < (lastServed.get(partition) ?? -1)) partition = p;
      }
      if (partition === undefined) return;
      lastServed.set(partition, served++);
      const queue = queues.get(partition)!;
      const chunk = queue.splice(0, options.maxChunkSize);
      applying.add(partition);
      const lane = run(partition, chunk);
      running.add(lane);
      void lane.finally(() => running.delete(lane));
    }
  }

  async function run(partition: number, chunk: KafkaMessage[]): Promise<void> {
    try {
      await options.apply(partition, chunk);
    } catch (error) {
      // Everything queued after the failed chunk must wait for it: drop it all and fetch again
      // from the failed chunk's first offset (and each other partition's first unapplied one).
      const refetchFrom = dropQueued();
      refetchFrom.set(partition, chunk[0]!.offset);
      applying.delete(partition);
      held -= chunk.length;
      wakeRoom();
      options.onFailure(error, refetchFrom);
      return;
    }
    applying.delete(partition);
    held -= chunk.length;
    wakeRoom();
    schedule();
  }

  function dropQueued(): Map<number, string> {
    const from = new Map<number, string>();
    for (const [partition, queue] of queues) {
      if (queue.length === 0) continue;
      from.set(partition, queue[0]!.offset);
      held -= queue.length;
    }
    queues.clear();
    wakeRoom();
    return from;
  }

  return {
    async room(records) {
      while (!stopping && held > 0 && held + records > options.maxHeld) {
        await new Promise<void>((wake) => roomWaiters.push(wake));
      }
    },
    push(partition, messages) {
      if (stopping) return false;
      if (messages.length === 0) return true;
      const queue = queues.get(partition) ?? [];
      queue.push(...messages);
      queues.set(partition, queue);
      held += messages.length;
      schedule();
      return true;
    },
    drop: dropQueued,
    async stop() {
      stopping = true;
      dropQueued();
      await Promise.allSettled([...running]);
    },
    held: () => held,
  };
}
