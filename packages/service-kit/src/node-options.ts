/**
 * The Node options every hr-radar service runs with (the image's `NODE_OPTIONS`, and the
 * benchmark's service children). A 4 MiB young generation instead of V8's 16 MiB default:
 * an ingest service allocates a chunk's worth of short-lived objects per transaction, and the
 * larger nursery only raised the peak memory (~100 MiB of an ingest's and ~50 of the
 * analyzer's peak) without making it faster; measured in docs/performance.md, "Memory".
 */
export const SERVICE_NODE_OPTIONS = "--max-semi-space-size=4";
