import { Injectable, Logger } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import type { AuditEventEntity } from './audit-event.entity';

export interface RequestOrigin {
  ip?: string;
  userAgent?: string;
}

export type AuditAction =
  'login' | 'login_failed' | 'logout' | 'token_reuse' | 'apikey_created' | 'apikey_revoked' | 'user_created' | 'role_changed';

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(private readonly repository: AuditRepository) {}

  /** Records who did what from where. A failed audit write is logged, never turned into a failed request. */
  async record(action: AuditAction, actor: { id?: string; name?: string }, origin: RequestOrigin, subject?: string): Promise<void> {
    await this.repository
      .insert({
        action,
        actorId: actor.id ?? null,
        actorName: actor.name?.slice(0, 254) ?? null,
        subject: subject?.slice(0, 200) ?? null,
        ip: origin.ip?.slice(0, 64) ?? null,
        userAgent: origin.userAgent?.slice(0, 300) ?? null,
      })
      .catch((error) => this.logger.error(`audit write failed for ${action}: ${String(error)}`));
  }

  list(limit: number, offset: number, action?: string): Promise<[AuditEventEntity[], number]> {
    return this.repository.list({ limit, offset, action });
  }
}
