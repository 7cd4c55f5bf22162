// In your project `hookctl` comes from node_modules; inside hookctl's own repository it is the build.
export default {
  testMatch: ['<rootDir>/*.test.mjs'],
  transform: {},
  moduleNameMapper: { '^hookctl$': '<rootDir>/../../dist/index.js' },
  testTimeout: 30_000,
};
