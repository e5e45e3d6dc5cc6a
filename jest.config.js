/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  testMatch: ["<rootDir>/{infra,sync,scripts,standin,test}/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  // End-to-end tests run a real HTTPS stand-in and child processes: give them room on a 2-core machine.
  testTimeout: 60000,
};
