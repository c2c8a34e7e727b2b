import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';

@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>) {}

  async insert(event: Omit<AuditEventEntity, 'id' | 'createdAt'>): Promise<void> {
    await this.events.insert(event);
  }

  list(options: { limit: number; offset: number; action?: string }): Promise<[AuditEventEntity[], number]> {
    return this.events.findAndCount({
      where: options.action ? { action: options.action } : {},
      order: { createdAt: 'DESC' },
      take: options.limit,
      skip: options.offset,
    });
  }
}
