/**
 * Simulated time for many clients in one process: a `TimeoutProvider` (the client's `managers.timers`) whose timers
 * fire only when `run` reaches them. Real I/O keeps real time: after firing the timers due in one `quantum` of
 * simulated time, `run` waits until every request they started has finished (`track`) before time moves on, so a
 * request takes no simulated time and byte and request counts are those of the real exchange.
 */
export class VirtualClock {
  #now
  #nextId = 1
  /** Min-heap of { at, id, callback } ordered by (at, id); cancelled ids are skipped when they surface. */
  #heap = []
  #cancelled = new Set()
  #pending = 0

  constructor(start = Date.now()) {
    this.#now = start
    this.start = start
  }

  now = () => this.#now

  setTimeout = (callback, ms) => {
    const id = this.#nextId++
    this.#push({ at: this.#now + Math.max(0, ms), id, callback })
    return id
  }

  clearTimeout = (id) => {
    this.#cancelled.add(id)
  }

  /** Counts `promise` as work in flight: simulated time stands still until it settles. */
  track(promise) {
    this.#pending++
    return promise.finally(() => {
      this.#pending--
    })
  }

  /** Fires timers up to simulated time `until`, `quantum` ms of them at a time, settling real work in between. */
  async run(until, quantum) {
    for (let next = this.#peek(); next && next.at <= until; next = this.#peek()) {
      const end = next.at + quantum
      while (this.#heap.length && this.#heap[0].at < end && this.#heap[0].at <= until) {
        const timer = this.#pop()
        if (this.#cancelled.delete(timer.id)) continue
        this.#now = timer.at
        timer.callback()
      }
      await this.settle()
    }
    this.#now = Math.max(this.#now, until)
  }

  /** Resolves once no tracked work is in flight across two turns of the event loop. */
  async settle() {
    for (let quiet = 0; quiet < 2; ) {
      await new Promise((resolve) => setImmediate(resolve))
      quiet = this.#pending === 0 ? quiet + 1 : 0
    }
  }

  #peek() {
    while (this.#heap.length && this.#cancelled.has(this.#heap[0].id)) this.#cancelled.delete(this.#pop().id)
    return this.#heap[0]
  }

  #before(a, b) {
    return a.at < b.at || (a.at === b.at && a.id < b.id)
  }

  #push(timer) {
    const heap = this.#heap
    heap.push(timer)
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1
      if (!this.#before(heap[i], heap[parent])) break
      ;[heap[i], heap[parent]] = [heap[parent], heap[i]]
      i = parent
    }
  }

  #pop() {
    const heap = this.#heap
    const top = heap[0]
    const last = heap.pop()
    if (heap.length) {
      heap[0] = last
      for (let i = 0; ; ) {
        const left = 2 * i + 1
        const right = left + 1
        let least = i
        if (left < heap.length && this.#before(heap[left], heap[least])) least = left
        if (right < heap.length && this.#before(heap[right], heap[least])) least = right
        if (least === i) break
        ;[heap[i], heap[least]] = [heap[least], heap[i]]
        i = least
      }
    }
    return top
  }
}
