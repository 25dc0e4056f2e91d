import { setFlagsFromString } from "node:v8";

/**
 * The Node options every hr-radar service runs with (the image's `NODE_OPTIONS`, and the
 * benchmark's service children). A 4 MiB young generation instead of V8's 16 MiB default:
 * an ingest service allocates a chunk's worth of short-lived objects per transaction, and the
 * larger nursery only raised the peak memory (~100 MiB of an ingest's and ~50 of the
 * analyzer's peak) without making it faster; measured in docs/performance.md, "Memory".
 */
export const SERVICE_NODE_OPTIONS = "--max-semi-space-size=4";

/**
 * V8 flags every service sets on itself at start ({@link applyServiceV8Flags}), because Node
 * refuses them in `NODE_OPTIONS`. After a full collection V8 lets the old generation grow by
 * a factor it picks between 1.1 and 4 from how fast the program allocates; a service that
 * allocates a chunk's garbage every few milliseconds gets close to 4, so ~60 MiB that survived
 * became room for ~240 before the next full collection. A fixed factor of 2 (100%) keeps the
 * peak near twice the live set. Measured at 300,000 events per topic: an ingest's peak RSS
 * 288-308 -> 208-218 MiB at the same throughput (50%: ~197 MiB, a few percent slower);
 * --max-old-space-size caps, by contrast, cost 22-40% (docs/performance.md, "Memory").
 */
export const SERVICE_V8_FLAGS: readonly string[] = ["--heap-growing-percent=100"];

/** Sets {@link SERVICE_V8_FLAGS}; the next collection sizes the heap with them. */
export function applyServiceV8Flags(): void {
  for (const flag of SERVICE_V8_FLAGS) setFlagsFromString(flag);
}
