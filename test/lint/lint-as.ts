/**
 * Lints a snippet with the repository's own ESLint config as if it were the file at `filePath`,
 * so a rule whose glob stops matching that file fails the test that uses it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let eslint: ESLint | null = null;

/** The messages rule `ruleId` gives `code` placed at `filePath` (relative to the repository); a snippet that does not parse throws. */
export async function lintAs(filePath: string, code: string, ruleId: string): Promise<string[]> {
  eslint ??= new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
  if (!result) throw new Error('ESLint answered nothing');
  const fatal = result.messages.filter((message) => message.fatal);
  if (fatal.length > 0) throw new Error(`snippet did not parse: ${fatal[0]?.message}`);
  return result.messages.filter((message) => message.ruleId === ruleId).map((message) => message.message);
}
