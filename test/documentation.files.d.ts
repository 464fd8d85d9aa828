export function readRepoBytes(file: string): Buffer;
export function readRepoText(file: string): string;
export function repoFileExists(file: string): boolean;
export function repoFilesUnder(dir: string, pattern: RegExp): string[];
export function requireRepoModule(file: string): Record<string, unknown>;
