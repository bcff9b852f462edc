// Prints one plain line from a Vitest JSON report: "<label>: N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';
const [file, label] = process.argv.slice(2);
const r = JSON.parse(readFileSync(file, 'utf8'));
console.log(`${label}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
