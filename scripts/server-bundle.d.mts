// Types of scripts/server-bundle.mjs for the TypeScript that imports it (bench/submit.ts).
export const SERVER_BUNDLE: string;
export function bundleIsCurrent(): boolean;
export function buildServer(): Promise<void>;
