import { z } from 'zod';
import { workflowDefinitionSchema, type StepKind } from '@libs/workflow';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minLength?: number;
  format?: string;
  default?: unknown;
  description?: string;
};

let variants: Map<string, JsonSchema> | undefined;

/** The JSON Schema of one step kind, derived from the engine's own definition schema (libs/workflow). */
export function stepJsonSchema(kind: StepKind): JsonSchema {
  if (!variants) {
    const root = z.toJSONSchema(workflowDefinitionSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const items = root.properties!.steps.items!;
    variants = new Map();
    for (const variant of items.oneOf ?? items.anyOf ?? []) {
      const k = variant.properties?.kind?.const ?? variant.properties?.kind?.enum?.[0];
      if (typeof k === 'string') variants.set(k, variant);
    }
  }
  const found = variants.get(kind);
  if (!found) throw new Error(`No schema for step kind ${kind}`);
  return found;
}
