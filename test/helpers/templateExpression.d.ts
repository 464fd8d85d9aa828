export function evaluateTemplateExpression(template: string, globals: Record<string, unknown>): unknown;
