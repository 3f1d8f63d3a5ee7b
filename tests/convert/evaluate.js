// Evaluates JSONata templates the way Step Functions reads a JSONata state's fields, for
// tests/convert_semantics.rs: reads [{template, bindings}] as JSON on stdin and writes
// [{value} | {error}] as JSON on stdout. A string that is `{% expression %}` is evaluated with
// `bindings` as its variables (`$states`, workflow variables); objects and arrays are walked; anything
// else is a literal. `$parse` and `$uuid`, which Step Functions adds to JSONata, are given here.
'use strict';

const path = require('path');
const jsonata = require(path.join(process.argv[2], 'node_modules', 'jsonata'));

const EXPRESSION = /^\s*\{%([\s\S]*)%\}\s*$/;

async function evaluate(template, bindings) {
  if (typeof template === 'string') {
    const match = EXPRESSION.exec(template);
    if (!match) {
      return template;
    }
    const expression = jsonata(match[1]);
    expression.registerFunction('parse', (text) => JSON.parse(text), '<s:j>');
    expression.registerFunction('uuid', () => require('crypto').randomUUID(), '<:s>');
    return expression.evaluate({}, bindings);
  }
  if (Array.isArray(template)) {
    const items = [];
    for (const item of template) {
      items.push(await evaluate(item, bindings));
    }
    return items;
  }
  if (template !== null && typeof template === 'object') {
    const object = {};
    for (const [key, value] of Object.entries(template)) {
      const evaluated = await evaluate(value, bindings);
      if (evaluated !== undefined) {
        object[key] = evaluated;
      }
    }
    return object;
  }
  return template;
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  const requests = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const answers = [];
  for (const { template, bindings } of requests) {
    try {
      const value = await evaluate(template, bindings);
      answers.push(value === undefined ? { undefined: true } : { value });
    } catch (error) {
      answers.push({ error: String(error.message || error) });
    }
  }
  process.stdout.write(JSON.stringify(answers));
}

main().catch((error) => {
  process.stderr.write(String(error.stack || error));
  process.exit(1);
});
