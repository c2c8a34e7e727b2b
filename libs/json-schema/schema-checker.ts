import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** Where a value breaks its schema, and how. */
export interface SchemaFinding {
  path: string;
  message: string;
}

export type SchemaCheck = { ok: true; value: Record<string, unknown> } | { ok: false; findings: SchemaFinding[] };

const MAX_FINDINGS = 20;

/**
 * Checks values against JSON schemas that arrive at run time (tool inputs, the answers to an MCP server's questions):
 * formats known, defaults filled in, every finding reported (up to 20). The value is checked on a copy, which comes
 * back with its defaults. compile() throws when the schema itself is not valid JSON Schema.
 */
export class SchemaChecker {
  private readonly ajv = addFormats(new Ajv({ strict: false, allErrors: true, useDefaults: true }));

  compile(schema: Record<string, unknown>): (value: unknown) => SchemaCheck {
    const validate: ValidateFunction = this.ajv.compile(schema);
    return (value) => {
      const copy = structuredClone(value ?? {}) as Record<string, unknown>;
      if (validate(copy)) return { ok: true, value: copy };
      const findings = (validate.errors ?? [])
        .slice(0, MAX_FINDINGS)
        .map((error) => ({ path: error.instancePath || '/', message: error.message ?? 'invalid' }));
      return { ok: false, findings };
    };
  }

  check(schema: Record<string, unknown>, value: unknown): SchemaCheck {
    return this.compile(schema)(value);
  }
}
