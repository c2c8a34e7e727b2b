import { ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';

/** The one input policy: unknown fields are rejected, values are converted to their DTO types, every finding is reported. */
export function globalValidationPipe(): ValidationPipe {
  memoizeValidationMetadata();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
  });
}

type MetadataLookup = (target: object, schema: string, always: boolean, strictGroups: boolean, groups?: string[]) => unknown[];

/**
 * class-validator collects a class's rules on every validate() by walking every decorated class in the process (to
 * find base classes): the largest validation cost per request in a profile of GET /api/agents. The rules only change
 * while classes are being declared, so the answer is remembered per class and options, and forgotten whenever a rule
 * is added.
 */
function memoizeValidationMetadata(): void {
  const storage = getMetadataStorage() as unknown as {
    getTargetValidationMetadatas: MetadataLookup & { memoized?: true };
    addValidationMetadata: (metadata: unknown) => void;
  };
  if (storage.getTargetValidationMetadatas.memoized) return;
  const lookup = storage.getTargetValidationMetadatas.bind(storage) as MetadataLookup;
  const add = storage.addValidationMetadata.bind(storage);
  let memo = new WeakMap<object, Map<string, unknown[]>>();
  const memoized: MetadataLookup & { memoized?: true } = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}|${always}|${strictGroups}|${groups?.join(',') ?? ''}`;
    let perTarget = memo.get(target);
    if (!perTarget) memo.set(target, (perTarget = new Map()));
    let found = perTarget.get(key);
    if (!found) perTarget.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
  memoized.memoized = true;
  storage.getTargetValidationMetadatas = memoized;
  storage.addValidationMetadata = (metadata) => {
    memo = new WeakMap();
    add(metadata);
  };
}
