import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ModelProviderEntity } from 'src/modules/agents/entities/model-provider.entity';

/** The only class that touches the model_providers table. */
@Injectable()
export class ModelProvidersRepository {
  constructor(@InjectRepository(ModelProviderEntity) private readonly providers: Repository<ModelProviderEntity>) {}

  all(): Promise<ModelProviderEntity[]> {
    return this.providers.find({ order: { name: 'ASC' } });
  }

  findById(id: string): Promise<ModelProviderEntity | null> {
    return this.providers.findOne({ where: { id } });
  }

  findByName(name: string): Promise<ModelProviderEntity | null> {
    return this.providers.findOne({ where: { name } });
  }

  existsByName(name: string): Promise<boolean> {
    return this.providers.exists({ where: { name } });
  }

  create(fields: Omit<ModelProviderEntity, 'id' | 'createdAt' | 'updatedAt'>): Promise<ModelProviderEntity> {
    return this.providers.save(this.providers.create(fields));
  }

  save(row: ModelProviderEntity): Promise<ModelProviderEntity> {
    return this.providers.save(row);
  }

  async remove(row: ModelProviderEntity): Promise<void> {
    await this.providers.remove(row);
  }
}
