// Prelude for authorization fragments (docs/SECURITY.md): the app's session store and its membership query.
// Global declarations, so a snippet's own import or `const` of the same name shadows them.
declare const sessions: { get(id: string | undefined): Promise<{ userId: string } | undefined> }
declare const db: { roomsOf(userId: string): Promise<string[]> }
