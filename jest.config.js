/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["@swc/jest"], "/node_modules/cookie/.+\\.js$": ["@swc/jest"] },
  // cookie 2 (used by fastify's inject, light-my-request) is ESM-only; jest's CommonJS runtime needs it compiled.
  transformIgnorePatterns: ["/node_modules/(?!cookie/)"],
  testMatch: ["<rootDir>/{infra,sync,scripts,standin,test}/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  // End-to-end tests run a real HTTPS stand-in and child processes: give them room on a 2-core machine.
  testTimeout: 60000,
  // Jest's default is one worker per core but one (2 cores → 1): most suites wait on sockets and children,
  // so two workers finish the suite sooner on the 2-core CI machines.
  maxWorkers: 2,
};
