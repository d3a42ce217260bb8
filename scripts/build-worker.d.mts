export function workerBundleNeeded(root: string): string | null;
export function ensureWorkerBundle(root: string, log?: (message: string) => void): Promise<string>;
