// Prelude for wire-protocol fragments: a sync request as a server receives it (`req`) and a sync answer as a client
// receives it (`res`), both fetch API objects.
// Global declarations, so a snippet's own import or `const` of the same name shadows them.
declare const req: Request
declare const res: Response
