// Types of start.js for the e2e test that starts the way `npm start` does.
export const SAMPLE_NOTE: string;
export const START_SETTINGS: Readonly<Record<string, unknown>>;
export function prepareWorkspace(folder?: string): string;
export function startUrl(port: number, workspace: string, extraPayload?: [string, string][]): string;
