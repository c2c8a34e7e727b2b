import { BadRequestException, Param, type PipeTransform } from '@nestjs/common';
import { isRef, isUuid } from '@libs/contracts';

class IdPipe implements PipeTransform<string, string> {
  constructor(
    private readonly accepts: (value: unknown) => boolean,
    private readonly expected: string,
  ) {}

  transform(value: string): string {
    if (!this.accepts(value)) throw new BadRequestException({ code: 'INVALID_ID', message: `The id in the path must be ${this.expected}` });
    return value;
  }
}

const UUID_PIPE = new IdPipe(isUuid, 'a UUID');
const REF_PIPE = new IdPipe(isRef, 'a UUID or a name');

/** `:name` (default `id`) as a UUID; anything else is a 400 INVALID_ID before the handler runs. */
export const UuidParam = (name = 'id'): ParameterDecorator => Param(name, UUID_PIPE);

/** `:name` as a UUID or a name (tools and MCP servers are addressed by either). */
export const RefParam = (name = 'id'): ParameterDecorator => Param(name, REF_PIPE);

const HEX_PIPES = new Map<number, IdPipe>();

/** `:name` as lowercase hex of the given length (W3C trace ids are 32 digits, span ids 16). */
export const HexParam = (name: string, digits: number): ParameterDecorator => {
  let pipe = HEX_PIPES.get(digits);
  if (!pipe) {
    const pattern = new RegExp(`^[0-9a-f]{${digits}}$`);
    pipe = new IdPipe((value) => typeof value === 'string' && pattern.test(value), `${digits} lowercase hex digits`);
    HEX_PIPES.set(digits, pipe);
  }
  return Param(name, pipe);
};
