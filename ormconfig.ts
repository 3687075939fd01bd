import { createDataSource } from './src/db/data-source';

/**
 * The DataSource for the TypeORM CLI (`npx typeorm -d dist/ormconfig.js migration:show`). It needs a
 * running server: DATABASE_URL. The application builds the same DataSource through src/db.
 */
export default createDataSource({ url: process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432/parley' });
