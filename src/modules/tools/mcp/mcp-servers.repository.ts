import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { McpServerEntity } from 'src/modules/tools/mcp/mcp-server.entity';

/** The only class that touches the mcp_servers table. */
@Injectable()
export class McpServersRepository {
  constructor(@InjectRepository(McpServerEntity) private readonly servers: Repository<McpServerEntity>) {}

  all(): Promise<McpServerEntity[]> {
    return this.servers.find({ order: { name: 'ASC' } });
  }

  enabled(): Promise<McpServerEntity[]> {
    return this.servers.find({ where: { enabled: true } });
  }

  findById(id: string): Promise<McpServerEntity | null> {
    return this.servers.findOne({ where: { id } });
  }

  findByName(name: string): Promise<McpServerEntity | null> {
    return this.servers.findOne({ where: { name } });
  }

  existsByName(name: string): Promise<boolean> {
    return this.servers.exists({ where: { name } });
  }

  /** An unsaved server row (defaults applied as TypeORM does). */
  build(fields: Partial<McpServerEntity>): McpServerEntity {
    return this.servers.create(fields);
  }

  save(server: McpServerEntity): Promise<McpServerEntity> {
    return this.servers.save(server);
  }

  async update(id: string, fields: Partial<McpServerEntity>): Promise<void> {
    await this.servers.update({ id }, fields as never);
  }

  async delete(id: string): Promise<void> {
    await this.servers.delete({ id });
  }
}
