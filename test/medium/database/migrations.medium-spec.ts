import { randomUUID } from 'node:crypto';
import { A2aMessageEntity } from '@libs/bus';
import { allEntities, describeOnBothDatabases, openTestDatabase } from 'test/utils/database';
import { itWithServices } from 'test/utils/services';

describe('migrations', () => {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    itWithServices(...(dialect === 'postgres' ? (['postgres'] as const) : []))(
      `leave nothing pending on ${dialect}, and go down and up again`,
      async () => {
        const db = await openTestDatabase(dialect, allEntities());
        try {
          const pending = await db.dataSource.driver.createSchemaBuilder().log();
          const queries = pending.upQueries.map((q) => q.query);
          expect(queries).toEqual([]); // non-empty: run `npm run migration:generate -- <Name>`
          const count = db.dataSource.migrations.length;
          expect(count).toBeGreaterThan(0);
          for (let i = 0; i < count; i++) await db.dataSource.undoLastMigration({ transaction: 'each' });
          expect(await db.dataSource.query(`SELECT COUNT(*) AS n FROM migrations`)).toEqual([{ n: dialect === 'postgres' ? '0' : 0 }]);
          await db.dataSource.runMigrations({ transaction: 'each' });
          expect((await db.dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
        } finally {
          await db.close();
        }
      },
    );
  }
});

describeOnBothDatabases('a2a_messages', [A2aMessageEntity], (ctx) => {
  it('stores and reads back a logged message', async () => {
    const repo = ctx().dataSource.getRepository(A2aMessageEntity);
    const id = randomUUID();
    await repo.insert({
      id,
      kind: 'request',
      method: 'rag.health',
      source: 'p1',
      target: 'rag',
      traceId: 'a'.repeat(32),
      status: 'ok',
      errorCode: null,
      durationMs: 1.5,
      handledBy: 'p2',
    });
    const row = await repo.findOneByOrFail({ id });
    expect(row).toMatchObject({ method: 'rag.health', durationMs: 1.5, traceId: 'a'.repeat(32) });
    expect(row.createdAt).toBeInstanceOf(Date);
    expect(await repo.countBy({ traceId: 'a'.repeat(32) })).toBe(1);
  });
});
