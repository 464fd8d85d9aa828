import type { INodeTypeDescription } from 'n8n-workflow';

export interface TemplateFile {
	file: string;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	json: any;
	error: string | null;
}

export interface PackageNode {
	file: string;
	source: string;
	description: INodeTypeDescription;
}

export function templatesDir(): string;
export function readTemplates(): TemplateFile[];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function readPackageJson(): any;
export function loadPackageNodes(): PackageNode[];
export function loadPackageCredentialNames(): string[];
