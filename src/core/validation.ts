import { ValidationPipe } from '@nestjs/common';

/** The one input policy: unknown fields are rejected, values are converted to their DTO types, every finding is reported. */
export function globalValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
  });
}
