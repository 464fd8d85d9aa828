export interface PackageJson {
	version: string;
	dependencies?: Record<string, string>;
	devDependencies: Record<string, string>;
	peerDependencies: Record<string, string>;
}
export function readPackage(moduleName?: string): PackageJson;
export interface PackageSandbox {
	n8nModules(options: { withZod: boolean }): string;
	loadPackage(nodePath: string): { status: number | null; stdout: string; stderr: string };
	isInside(file: string, dir: string): boolean;
	zodDirIn(modules: string): string;
	remove(): void;
}
export function installBuiltPackage(): PackageSandbox;
export function pinnedN8nLoaderSource(): string | undefined;
