/**
 * Set by esbuild.js: true in development builds (the ones the tests run), false in the
 * production build that goes into the .vsix, where the test hooks are then left out.
 */
declare const NOTE_REVIEW_TEST_HOOKS: boolean;
