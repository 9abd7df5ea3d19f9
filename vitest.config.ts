import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    globalSetup: ["test/global-setup.ts"],
    // Fixture generation runs OpenSSL a few hundred times; a cold run takes several seconds.
    testTimeout: 30_000,
  },
});
