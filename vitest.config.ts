import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "~": path.resolve(__dirname, "app") };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          environment: "node",
          include: [
            "app/**/*.test.{ts,tsx}",
            "reports/**/*.test.ts",
            "cli/**/*.test.ts",
            "tests/data/**/*.test.ts",
            "tests/unit/**/*.test.ts",
          ],
          setupFiles: ["tests/setup/env.ts"],
          globalSetup: ["tests/setup/postgres-template.ts"],
          // Data tests build real databases (on PostgreSQL a new database each): generous on a busy machine.
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          environment: "node",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/setup/e2e-server.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser journey at a time: the machine has two cores and one server under test.
          fileParallelism: false,
        },
      },
    ],
  },
});
