/** What operator tools print on failure: one line, no stack, no password. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? `${error.message}${(error as { code?: unknown }).code ? ` (${String((error as { code?: unknown }).code)})` : ''}` : String(error);
  return text.split('\n')[0]!.slice(0, 500);
}

export function redactUrl(db: string): string {
  return db.replace(/:\/\/[^@]*@/, '://***@');
}
