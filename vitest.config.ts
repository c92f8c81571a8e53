import { defineConfig } from "vitest/config";

// Projects, split by folder so new test files land in the right one without editing this file:
// `unit` is the edit loop (pure code, golden files, property tests, the CLI in-process: seconds);
// `slow` starts servers, child processes, validators or a browser; `infra` packages the service with osls,
// whose builds share the service's .esbuild/ folder, so its files run one at a time, after the others.
// `npm test` runs all three. README ("Development") lists the same folders; keep the two in step.
const INFRA = ["test/infra/**/*.test.ts"];
const SLOW = [
  "test/e2e/**/*.test.ts",
  "test/conformance/**/*.test.ts",
  "test/faults/**/*.test.ts",
  "test/browser/**/*.test.ts",
  "test/package/**/*.test.ts",
  "test/bench/**/*.test.ts",
  // Worker threads under time and memory budgets, and esbuild start-up graphs.
  "test/sandbox/**/*.test.ts",
  "test/**/*.slow.test.ts",
  // Starts a loopback S3 server (s3rver) for every case.
  "test/store/s3.test.ts",
];

export default defineConfig({
  test: {
    setupFiles: ["test/setup/fast-check.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Vitest's default on 2 cores is 1 worker; most slow files wait on child processes and servers, so a
    // few files at once finish sooner (measured: README, Development).
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [...SLOW, ...INFRA] } },
      { extends: true, test: { name: "slow", include: SLOW, exclude: INFRA } },
      {
        extends: true,
        test: { name: "infra", include: INFRA, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
