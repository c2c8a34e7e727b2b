import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { ROLES, type Role } from 'src/core/auth/permissions';
import { AuthService } from 'src/modules/gateway';

/** npm run user:create -- --email a@b.c --password '...' [--role admin|operator|viewer]; uses the same DATABASE_URL / DATA_DIR as the platform. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string', default: 'viewer' } },
  });
  if (!values.email || !values.password)
    throw new Error('usage: npm run user:create -- --email <email> --password <password> [--role admin|operator|viewer]');
  if (!(ROLES as readonly string[]).includes(values.role!)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  if (values.password.length < 12) throw new Error('--password must be at least 12 characters');
  const env = loadEnv({ ...process.env, MODULES: undefined, CHROMA_AUTOSTART: 'false', LOG_LEVEL: 'warn' });
  const { app } = await createApp(env, { logger: false });
  await app.init();
  try {
    const user = await app
      .get(AuthService, { strict: false })
      .createUser(values.email, values.password, values.role as Role, { userAgent: 'cli' });
    console.log(`created ${user.role} ${user.email} (${user.id})`);
  } finally {
    await app.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
