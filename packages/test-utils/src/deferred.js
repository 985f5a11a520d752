/** A promise with its resolve and reject exposed, so a test decides when something finishes. */
export const deferred = () => {
  let resolve
  let reject
  const promise = new Promise((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
