// Usage: node validate.mjs DEFINITION.json
// Validates an Amazon States Language definition with asl-validator (its programmatic API; the CLI's
// flags have changed between versions) and prints ONE JSON line: {"valid": bool, "errors": [...]}.
// Exit code 0 when valid, 1 when not, 2 when the file cannot be read or parsed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator');

const file = process.argv[2];
if (!file) {
  console.log(JSON.stringify({ valid: false, errors: ['usage: node validate.mjs DEFINITION.json'] }));
  process.exit(2);
}
let definition;
try {
  definition = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.log(JSON.stringify({ valid: false, errors: [`cannot read ${file}: ${e.message}`] }));
  process.exit(2);
}
const { isValid, errorsText, errors } = aslValidator(definition, { checkPaths: true, checkArn: true });
// each error: {"Error code": ..., "Message": ...} (asl-validator 4)
const messages = (errors || []).map((e) => `${e['Error code'] ?? 'error'}: ${e.Message ?? JSON.stringify(e)}`);
if (!isValid && messages.length === 0) {
  messages.push(errorsText('\n') || 'invalid, no message');
}
console.log(JSON.stringify({ valid: Boolean(isValid), errors: messages }));
process.exit(isValid ? 0 : 1);
