/**
 * How a unit of work hands several statements to the PostgreSQL pool at once (issue 16): Kysely
 * passes one text and its parameters to the pool's client, so a pipeline travels as this
 * marker text with the statements as its one parameter, and the pool of postgres-prepared.ts
 * (every PostgreSQL store uses it) writes them without waiting for each answer. The marker is
 * a comment: were it ever to reach PostgreSQL, it would run nothing.
 */
export const PIPELINE_SQL = '/* kumapay: pipelined statements */';

/** Bounded by what a unit of work sends together: a payment sends three. */
export const PIPELINE_STATEMENTS_MAX = 8;

export interface PipelinedStatement {
  readonly text: string;
  readonly values: readonly unknown[];
}

export interface PipelineRequest {
  readonly kind: 'kumapay-pipeline';
  readonly statements: readonly PipelinedStatement[];
  /**
   * The statements are the unit of work's last, and its commit goes out with them: one round
   * trip fewer (hot-sql's commitWithWrites). Kysely's own commit afterwards sends nothing.
   */
  readonly commit?: boolean;
}

/** One statement's answer, as node-postgres gives it. */
export interface PipelinedResult {
  readonly command: string | null;
  readonly rowCount: number | null;
  readonly rows: unknown[];
}

export function pipelineRequest(statements: readonly PipelinedStatement[], options: { commit?: boolean } = {}): PipelineRequest {
  return { kind: 'kumapay-pipeline', statements, ...(options.commit ? { commit: true } : {}) };
}

export function isPipelineRequest(value: unknown): value is PipelineRequest {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'kumapay-pipeline';
}
