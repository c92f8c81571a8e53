import { defineConfig } from "vitest/config";

// Two projects, split by folder so new test files land in the right one without editing this file:
// `unit` is the edit loop (pure code, golden files, property tests, the CLI in-process: seconds);
// `slow` starts servers, child processes, validators or a browser. `npm test` runs both.
// README ("Development") lists the same folders; keep the two in step.
const SLOW = [
  "test/e2e/**/*.test.ts",
  "test/conformance/**/*.test.ts",
  "test/infra/**/*.test.ts",
  "test/faults/**/*.test.ts",
  "test/browser/**/*.test.ts",
  "test/package/**/*.test.ts",
  "test/accuracy/**/*.test.ts",
  "test/**/*.slow.test.ts",
  // Starts a loopback S3 server (s3rver) for every case.
  "test/store/s3.test.ts",
];

export default defineConfig({
  test: {
    setupFiles: ["test/setup/fast-check.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: SLOW } },
      { extends: true, test: { name: "slow", include: SLOW } },
    ],
  },
});
