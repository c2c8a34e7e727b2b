import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isUuid, type BusPrincipal } from '@libs/contracts';
import type { WorkflowDefinition } from '@libs/workflow';
import { BUILTIN_TEMPLATES } from 'src/modules/workflow-engine/builtin-templates';
import type { WorkflowTemplateEntity } from 'src/modules/workflow-engine/entities/workflow-template.entity';
import type { WorkflowEntity } from 'src/modules/workflow-engine/entities/workflow.entity';
import { WorkflowRepository } from 'src/modules/workflow-engine/workflow.repository';
import { WorkflowError, WorkflowErrorCode } from 'src/modules/workflow-engine/workflow.errors';
import { WorkflowsService } from 'src/modules/workflow-engine/workflows.service';

const PLACEHOLDER = /\$\{([A-Za-z_]\w*)(:json)?\}/g;
const WHOLE = /^\$\{([A-Za-z_]\w*)\}$/;

export interface TemplateInput {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
  definition: Record<string, unknown>;
}

/** Parameterised workflow definitions, the built-in five included, instantiated into ordinary workflows. */
@Injectable()
export class TemplatesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(TemplatesService.name);
  private readonly ajv = addFormats(new Ajv({ allErrors: true, strict: false, useDefaults: true }));

  constructor(
    private readonly repository: WorkflowRepository,
    private readonly workflows: WorkflowsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const template of BUILTIN_TEMPLATES) {
      const existing = await this.repository.findTemplateByName(template.name);
      await this.repository
        .saveTemplate({
          ...(existing ? { id: existing.id } : {}),
          name: template.name,
          description: template.description,
          parameters: JSON.stringify(template.parameters),
          definition: JSON.stringify(template.definition),
          builtin: true,
        })
        .catch((error: unknown) => this.logger.debug(`template ${template.name}: ${String(error)}`)); // a replica wrote it first
    }
  }

  async create(input: TemplateInput): Promise<WorkflowTemplateEntity> {
    this.compile(input.parameters);
    const declared = new Set(Object.keys((input.parameters.properties as Record<string, unknown> | undefined) ?? {}));
    const unknown = [...JSON.stringify(input.definition).matchAll(PLACEHOLDER)].map((m) => m[1]).filter((name) => !declared.has(name));
    if (unknown.length)
      throw new WorkflowError(
        WorkflowErrorCode.WORKFLOW_INVALID,
        `The definition uses parameters the schema does not declare: ${[...new Set(unknown)].join(', ')}`,
      );
    if (await this.repository.findTemplateByName(input.name))
      throw new WorkflowError(WorkflowErrorCode.TEMPLATE_EXISTS, `A template named ${input.name} exists`);
    return this.repository.saveTemplate({
      name: input.name,
      description: input.description ?? null,
      parameters: JSON.stringify(input.parameters),
      definition: JSON.stringify(input.definition),
      builtin: false,
    });
  }

  list(): Promise<WorkflowTemplateEntity[]> {
    return this.repository.listTemplates();
  }

  async get(id: string): Promise<WorkflowTemplateEntity> {
    const template = isUuid(id) ? await this.repository.findTemplate(id) : await this.repository.findTemplateByName(id);
    if (!template) throw new WorkflowError(WorkflowErrorCode.TEMPLATE_NOT_FOUND, `No template ${id}`);
    return template;
  }

  async remove(id: string): Promise<void> {
    const template = await this.get(id);
    if (template.builtin) throw new WorkflowError(WorkflowErrorCode.WORKFLOW_BUSY, 'Built-in templates cannot be deleted');
    await this.repository.deleteTemplate(template.id);
  }

  /** A new workflow from the template with the parameters filled in (defaults applied, then validated as any workflow). */
  async instantiate(
    id: string,
    input: { name: string; description?: string; parameters: Record<string, unknown> },
    principal?: BusPrincipal,
  ): Promise<[WorkflowEntity, WorkflowDefinition]> {
    const template = await this.get(id);
    const validate = this.compile(JSON.parse(template.parameters) as Record<string, unknown>);
    const parameters = structuredClone(input.parameters ?? {});
    if (!validate(parameters))
      throw new WorkflowError(WorkflowErrorCode.TEMPLATE_PARAMETERS_INVALID, 'The parameters do not match the template', {
        errors: validate.errors?.map((e) => ({ path: e.instancePath, message: e.message })),
      });
    const definition = fill(JSON.parse(template.definition), parameters);
    return this.workflows.create(
      { name: input.name, description: input.description ?? template.description ?? undefined, definition },
      principal,
    );
  }

  private compile(schema: Record<string, unknown>): ValidateFunction {
    try {
      return this.ajv.compile(schema);
    } catch (error) {
      throw new WorkflowError(WorkflowErrorCode.WORKFLOW_INVALID, `parameters is not a usable JSON Schema: ${(error as Error).message}`);
    }
  }
}

/** Replaces `${name}` placeholders at any depth (see builtin-templates.ts for the three forms). */
export function fill(value: unknown, parameters: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = value.match(WHOLE);
    if (whole) return parameters[whole[1]];
    return value.replace(PLACEHOLDER, (_, name: string, asJson?: string) =>
      asJson ? JSON.stringify(parameters[name] ?? null) : String(parameters[name] ?? ''),
    );
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, parameters));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, parameters)]));
  return value;
}
