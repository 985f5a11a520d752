// Prelude for fragments that hash the app's current data: the lists as the app loaded them.
// Global declarations, so a snippet's own import or `const` of the same name shadows them.
declare const posts: { id: number; title: string }[]
declare const messages: { id: string; text: string }[]
