import { EnvError, loadEnv, MODULE_NAMES } from '@libs/config';

describe('loadEnv', () => {
  it('applies the embedded defaults when nothing is set', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ port: 8000, DATA_DIR: './data', dbDriver: 'sqlite', busDriver: 'memory', split: false, LOG_LEVEL: 'info' });
    expect(env.modules).toEqual([...MODULE_NAMES]);
  });

  it('switches to PostgreSQL and Redis when their URLs are set', () => {
    const env = loadEnv({ DATABASE_URL: 'postgres://u@h/db', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(env).toMatchObject({ dbDriver: 'postgres', busDriver: 'redis' });
  });

  it('runs one module on its own port from the port map in split mode', () => {
    const env = loadEnv({ MODULES: 'rag', REDIS_URL: 'redis://127.0.0.1:6379', JWT_SECRET: 'a-shared-secret-of-length' });
    expect(env).toMatchObject({ modules: ['rag'], split: true, port: 8004 });
  });

  it('keeps an explicit PORT over the port map', () => {
    expect(loadEnv({ MODULES: 'rag', REDIS_URL: 'redis://x', PORT: '9100', JWT_SECRET: 'a-shared-secret-of-length' }).port).toBe(9100);
  });

  it('refuses split mode without Redis', () => {
    expect(() => loadEnv({ MODULES: 'rag' })).toThrow(/MODULES: split mode needs REDIS_URL/);
  });

  it('refuses split mode without a shared JWT_SECRET', () => {
    expect(() => loadEnv({ MODULES: 'rag', REDIS_URL: 'redis://x' })).toThrow(/JWT_SECRET: split mode needs a shared JWT_SECRET/);
  });

  it('names every bad variable in one error', () => {
    let message = '';
    try {
      loadEnv({ PORT: 'abc', MODULES: 'rag,nope', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      message = (error as Error).message;
    }
    for (const name of ['PORT', 'MODULES', 'LOG_LEVEL', 'DATABASE_URL']) expect(message).toContain(`${name}:`);
    expect(message).toContain('unknown module(s) nope');
  });

  it('parses booleans and numbers from strings', () => {
    const env = loadEnv({ DB_MIGRATIONS_RUN: 'false', CHROMA_AUTOSTART: '0', BODY_LIMIT_BYTES: '2048' });
    expect(env).toMatchObject({ DB_MIGRATIONS_RUN: false, CHROMA_AUTOSTART: false, BODY_LIMIT_BYTES: 2048 });
  });
});
