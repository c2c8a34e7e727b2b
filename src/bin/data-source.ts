import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadEnv } from '@libs/config';
import { dataSourceOptions } from '@libs/database';

/**
 * DataSource for the TypeORM CLI (migration:generate / migration:run), run from dist/.
 * Entities are found by file name, so a new *.entity.ts is picked up without editing this file.
 */
export default new DataSource({
  ...dataSourceOptions(loadEnv()),
  entities: [join(__dirname, '..', '..', '{src,libs}', '**', '*.entity.js')],
});
