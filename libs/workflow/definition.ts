import { z } from 'zod';

/** Every step kind the engine runs. */
export const STEP_KINDS = [
  'agent',
  'tool',
  'sql',
  'knowledge',
  'code',
  'condition',
  'join',
  'map',
  'loop',
  'subworkflow',
  'wait',
  'approval',
  'transform',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const LIMITS = {
  steps: 200,
  definitionBytes: 256 * 1024,
  expressionLength: 4_000,
  idLength: 64,
  mapConcurrency: 50,
  loopIterations: 1_000,
  maxAttempts: 10,
  stepTimeoutMs: 24 * 3600_000,
  waitMs: 365 * 24 * 3600_000,
  /** How far from the origin a step may be drawn (canvas units, either axis). */
  layoutExtent: 1_000_000,
} as const;

const STEP_ID = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * A value in a step's config: literals pass through; a string starting with `=` is a JSONata expression
 * (`"=steps.search.output.results[0].text"`); `{{ expr }}` inside a string is replaced by the expression's value.
 */
const value: z.ZodType<unknown> = z.unknown();

const retry = z
  .object({
    maxAttempts: z.int().min(1).max(LIMITS.maxAttempts).default(1),
    backoffMs: z.int().min(0).max(3_600_000).default(500),
    factor: z.number().min(1).max(10).default(2),
  })
  .strict();

const base = {
  id: z.string().regex(STEP_ID, 'must be a letter or _ then letters, digits or _ (at most 64)'),
  name: z.string().max(200).optional(),
  /** Steps that must finish first; expressions may read only steps listed here (directly or through their own needs). */
  needs: z.array(z.string()).max(LIMITS.steps).default([]),
  /** JSONata condition: when false the step is skipped. */
  when: z.string().max(LIMITS.expressionLength).optional(),
  retry: retry.optional(),
  timeoutMs: z.int().min(1).max(LIMITS.stepTimeoutMs).optional(),
};

const target = z.union([z.object({ agentId: z.string().max(200) }).strict(), z.object({ capability: z.string().max(200) }).strict()]);

/** The kinds that do work (as opposed to control flow): a map or loop repeats one of these. */
const work = {
  agent: z.object({ kind: z.literal('agent'), agent: target, message: value }),
  tool: z.object({ kind: z.literal('tool'), tool: z.string().min(1).max(200), arguments: value.optional() }),
  sql: z.object({ kind: z.literal('sql'), connectionId: z.string().max(64), sql: z.string().max(100_000), params: value.optional() }),
  knowledge: z.object({
    kind: z.literal('knowledge'),
    collection: z.string().max(200),
    query: value,
    mode: z.enum(['semantic', 'keyword', 'hybrid']).default('hybrid'),
    k: z.int().min(1).max(100).default(5),
  }),
  code: z.object({ kind: z.literal('code'), code: z.string().max(100_000), input: value.optional() }),
  transform: z.object({ kind: z.literal('transform'), expression: z.string().max(LIMITS.expressionLength) }),
  subworkflow: z.object({ kind: z.literal('subworkflow'), workflowId: z.string().max(64), input: value.optional() }),
};

/** The work a map or loop repeats: one step without id or needs. */
const body = z.discriminatedUnion('kind', [
  work.agent.strict(),
  work.tool.strict(),
  work.sql.strict(),
  work.knowledge.strict(),
  work.code.strict(),
  work.transform.strict(),
  work.subworkflow.strict(),
]);
export type StepBody = z.infer<typeof body>;

const stepSchema = z.discriminatedUnion('kind', [
  work.agent.extend(base).strict(),
  work.tool.extend(base).strict(),
  work.sql.extend(base).strict(),
  work.knowledge.extend(base).strict(),
  work.code.extend(base).strict(),
  work.transform.extend(base).strict(),
  work.subworkflow.extend(base).strict(),
  z
    .object({
      ...base,
      kind: z.literal('condition'),
      if: z.string().max(LIMITS.expressionLength),
      /** Steps run only when the condition holds; the others are skipped. */
      then: z.array(z.string()).default([]),
      else: z.array(z.string()).default([]),
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal('join'),
      /** all: every need succeeded; any: at least one; k: at least `k`. Skipped needs do not count. */
      mode: z.enum(['all', 'any', 'k']).default('all'),
      k: z.int().min(1).optional(),
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal('map'),
      over: z.string().max(LIMITS.expressionLength),
      concurrency: z.int().min(1).max(LIMITS.mapConcurrency).default(4),
      step: body,
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal('loop'),
      /** Evaluated after each iteration with `last` (that iteration's output) and `index`; stops when true. */
      until: z.string().max(LIMITS.expressionLength),
      maxIterations: z.int().min(1).max(LIMITS.loopIterations).default(10),
      step: body,
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal('wait'),
      durationMs: z.int().min(0).max(LIMITS.waitMs).optional(),
      /** ISO 8601 time, or an expression giving one. */
      until: z.string().max(LIMITS.expressionLength).optional(),
    })
    .strict(),
  z.object({ ...base, kind: z.literal('approval'), prompt: z.string().max(2_000).optional() }).strict(),
]);
export type StepDefinition = z.infer<typeof stepSchema>;

/** Where one step sits on the designer's canvas: finite numbers within LIMITS.layoutExtent of the origin. */
const point = z
  .object({
    x: z.number().min(-LIMITS.layoutExtent).max(LIMITS.layoutExtent),
    y: z.number().min(-LIMITS.layoutExtent).max(LIMITS.layoutExtent),
  })
  .strict();

export const workflowDefinitionSchema = z
  .object({
    /** JSON Schema the run input must satisfy. */
    inputSchema: z.record(z.string(), z.unknown()).optional(),
    steps: z.array(stepSchema).min(1).max(LIMITS.steps),
    /** JSONata over `{ input, steps }` giving the run's result; default: every step's output by id. */
    output: z.string().max(LIMITS.expressionLength).optional(),
    timeoutMs: z
      .int()
      .min(1)
      .max(LIMITS.stepTimeoutMs * 7)
      .optional(),
    /**
     * The designer's canvas positions by step id. Stored with the version and never read by the engine; each key
     * must name a step (checked with the references).
     */
    layout: z
      .record(z.string().regex(STEP_ID, 'must be a step id'), point)
      .refine((map) => Object.keys(map).length <= LIMITS.steps, `at most ${LIMITS.steps} positions`)
      .optional(),
  })
  .strict();
export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;
