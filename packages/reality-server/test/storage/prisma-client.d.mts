/** The calls tests make on a generated model delegate. */
export interface ModelDelegate {
  create(args: object): Promise<Record<string, unknown>>
  createMany(args: object): Promise<{ count: number }>
  update(args: object): Promise<Record<string, unknown>>
  updateMany(args: object): Promise<{ count: number }>
  upsert(args: object): Promise<Record<string, unknown>>
  delete(args: object): Promise<Record<string, unknown>>
  deleteMany(args: object): Promise<{ count: number }>
  findMany(args?: object): Promise<Record<string, unknown>[]>
  findUnique(args: object): Promise<Record<string, unknown> | null>
}

/** The client calls tests make; each test adds its models' delegates. */
export interface GeneratedClient {
  $disconnect(): Promise<void>
  $extends(extension: object): unknown
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>
  $transaction<T>(work: (tx: this) => Promise<T>): Promise<T>
}

export declare const realityNodeModel: (table: string, modelName?: string) => string
export declare const generatePrismaClient: (options: { name: string; models: string }) => {
  /** The generated class; its precise type only exists after generation. */
  PrismaClient: new (
    options: object,
  ) => unknown
  remove: () => void
}
export declare const loadPrismaClient: (name: string) => new (options: object) => unknown
export declare const realityNodeTableSQL: (table: string) => string[]
