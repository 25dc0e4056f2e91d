import { configDefaults, defineConfig } from "vitest/config";

// Two projects: pure unit tests beside the code, and integration tests in test/ that
// run against a real Kafka broker and a real Postgres (started once by globalSetup).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "services/*/src/**/*.test.ts", "test/architecture.test.ts"],
          // Unit tests run beside the integration files on the same cores; the demo feed's
          // CPU-bound simulations take 2 s alone and several times that on a loaded machine.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          // the layout test is a pure read of the tree: it runs with the unit tests
          exclude: [...configDefaults.exclude, "test/architecture.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Files run in parallel against one broker and one Postgres; each test makes
          // its own topics, consumer groups and database, so they cannot collide.
          fileParallelism: true,
        },
      },
    ],
  },
});
