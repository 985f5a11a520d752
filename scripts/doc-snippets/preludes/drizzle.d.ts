// Prelude for Drizzle fragments: the app's schema (`posts`, `messages`, as `pgTable` builds them) and `db`, a
// node-postgres Drizzle database over it (`drizzle(pool, { schema: { posts, messages } })`).
// Global declarations, so a snippet's own import or `const` of the same name shadows them.
type PgTableOf<
  Name extends string,
  Columns extends Record<string, import('drizzle-orm/pg-core').PgColumnBuilderBase>,
> = import('drizzle-orm/pg-core').PgTableWithColumns<{
  name: Name
  schema: undefined
  columns: import('drizzle-orm').BuildColumns<Name, Columns, 'pg'>
  dialect: 'pg'
}>
type PgSerialKey = import('drizzle-orm').IsPrimaryKey<import('drizzle-orm/pg-core').PgSerialBuilderInitial<'id'>>
type PgText<Name extends string> = import('drizzle-orm').NotNull<
  import('drizzle-orm/pg-core').PgTextBuilderInitial<Name, [string, ...string[]]>
>
// pgTable('posts', { id: serial('id').primaryKey(), title: text('title').notNull() })
declare const posts: PgTableOf<'posts', { id: PgSerialKey; title: PgText<'title'> }>
// pgTable('messages', { id: serial('id').primaryKey(), roomId: text('room_id').notNull(), text: text('text').notNull() })
declare const messages: PgTableOf<'messages', { id: PgSerialKey; roomId: PgText<'room_id'>; text: PgText<'text'> }>
declare const db: import('drizzle-orm/node-postgres').NodePgDatabase<{
  posts: typeof posts
  messages: typeof messages
}> & {
  $client: import('pg').Pool
}
