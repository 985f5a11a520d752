// Prelude for OpenTelemetry fragments: the part of `@opentelemetry/api` they use (the app's dependency, not installed
// here), with the signatures of @opentelemetry/api 1.x.
declare module '@opentelemetry/api' {
  export interface Context {
    getValue(key: symbol): unknown
  }
  export interface Span {
    setAttributes(attributes: Record<string, string | number | boolean | undefined>): this
    end(endTime?: number): void
  }
  export interface Tracer {
    startSpan(
      name: string,
      options?: { attributes?: Record<string, string | number | boolean> },
      context?: Context,
    ): Span
  }
  export const trace: { getTracer(name: string, version?: string): Tracer }
  export const context: { active(): Context }
  export const propagation: { extract<Carrier>(context: Context, carrier: Carrier): Context }
}
