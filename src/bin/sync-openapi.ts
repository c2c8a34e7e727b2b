import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';

export const OPENAPI_PATH = resolve(__dirname, '..', '..', '..', 'libs', 'sdk', 'openapi.json');

/** The spec as the app builds it, with every module loaded and nothing listening. */
export async function buildSpec(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openapi-'));
  try {
    const { app, openapi } = await createApp(loadEnv({ DATA_DIR: dataDir, CHROMA_AUTOSTART: 'false', DB_MIGRATIONS_RUN: 'false' }), {
      logger: false,
    });
    await app.close();
    return `${JSON.stringify(openapi, null, 2)}\n`;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  buildSpec().then(
    (spec) => {
      writeFileSync(OPENAPI_PATH, spec);
      console.log(`wrote ${OPENAPI_PATH}`);
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
