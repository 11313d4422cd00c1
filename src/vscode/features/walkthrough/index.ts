// The Get Started walkthrough, shown once.
export { showWalkthroughOnFirstRun } from './walkthrough';
