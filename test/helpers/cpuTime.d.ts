export function cpuMs<T>(run: () => T | Promise<T>): Promise<[T, number]>;
export function cpuMsWithin<T>(run: () => T, budgetMs: number): [T, number];
export function fuzzRuns(fallback: number): number;
export const describeTiming: jest.Describe;
