export function buildNeeded(root: string): string | null;
export function ensureBuild(root: string, log?: (message: string) => void): boolean;
