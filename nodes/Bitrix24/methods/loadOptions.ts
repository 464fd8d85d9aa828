import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listLines } from '../openLines/actions/line/lines';

/** Open Lines of the portal for `line` dropdowns. */
export async function getLines(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const lines = await listLines.call(this, {});
	return lines
		.map((line) => ({
			name: `${String(line.LINE_NAME ?? `Line ${String(line.ID)}`)}${line.ACTIVE === 'N' ? ' (inactive)' : ''}`,
			value: String(line.ID),
			description: `ID ${String(line.ID)}`,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
