// Usage: node execute.mjs [REQUEST.json]   (or the request on stdin)
// Request: {"definitionFile": path, "input": {...}, "context": {"Execution": {"Id", "Name"}}, "handlerUrl": url}
//
// Runs the definition with aws-local-stepfunctions (JSONPath) and overrides EVERY Task state (top
// level, Parallel branches, Map ItemProcessor/Iterator) with a handler that POSTs
//   {"state": name, "resource": Resource, "input": <the effective task input (Parameters applied)>}
// to handlerUrl and returns its JSON answer; an answer {"error": name, "cause": text} (or an HTTP
// error) fails the task with that error name, so Retry/Catch and execution failure behave as in AWS.
// Retry intervals are overridden to 0 ms unless the request says "realRetryIntervals": true.
// aws-local-stepfunctions leaves the context object's State out, so $$.State.RetryCount (how many times
// Step Functions has retried the state) is stood in for: a Task's Parameters name a placeholder instead, which the
// handler replaces by the number of earlier calls of that state with the same input (an earlier attempt).
// Prints ONE JSON line:
//   {"status": "SUCCEEDED", "output": ...} or {"status": "FAILED", "error": name, "cause": text}
// Needs Promise.withResolvers (Node 22+): on Node 20 run with NODE_OPTIONS=--require <abs path>/polyfill.cjs.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { StateMachine } from 'aws-local-stepfunctions';

function readRequest() {
  const text = process.argv[2] ? readFileSync(process.argv[2], 'utf8') : readFileSync(0, 'utf8');
  return JSON.parse(text);
}

/** Every Task state of the definition, at any depth. */
function taskStates(states, out = new Map()) {
  for (const [name, state] of Object.entries(states || {})) {
    if (state.Type === 'Task') {
      if (out.has(name)) {
        throw new Error(`two Task states are named ${name}: the overrides are keyed by state name`);
      }
      out.set(name, state);
    } else if (state.Type === 'Parallel') {
      for (const branch of state.Branches || []) taskStates(branch.States, out);
    } else if (state.Type === 'Map') {
      const processor = state.ItemProcessor || state.Iterator;
      if (processor) taskStates(processor.States, out);
    }
  }
  return out;
}

function post(url, body) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body), 'utf8');
    const req = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': data.length },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}

function taskError(name, cause) {
  const e = new Error(cause);
  e.name = name;
  return e;
}

const RETRY_COUNT = '$$.State.RetryCount';
const RETRY_COUNT_STAND_IN = 'cairn-oracle-retry-count';

/** The value with every string's $$.State.RetryCount path replaced by a string literal of the stand-in. */
function withRetryCountStandIn(value) {
  if (typeof value === 'string') return value.split(RETRY_COUNT).join(`'${RETRY_COUNT_STAND_IN}'`);
  if (Array.isArray(value)) return value.map(withRetryCountStandIn);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withRetryCountStandIn(v)]));
  }
  return value;
}

/** The value with each stand-in string replaced by the retry count. */
function withRetryCount(value, count) {
  if (typeof value === 'string') return value.split(RETRY_COUNT_STAND_IN).join(String(count));
  if (Array.isArray(value)) return value.map((v) => withRetryCount(v, count));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withRetryCount(v, count)]));
  }
  return value;
}

function handler(url, state, resource) {
  const calls = new Map(); // input -> how many times this state has been called with it
  return async (standInInput) => {
    const key = JSON.stringify(standInInput);
    const retryCount = calls.get(key) ?? 0;
    calls.set(key, retryCount + 1);
    const input = withRetryCount(standInInput, retryCount);
    const { status, text } = await post(url, { state, resource, input });
    let answer;
    try {
      answer = JSON.parse(text);
    } catch {
      throw taskError('States.TaskFailed', `handler answered HTTP ${status} with non-JSON: ${text.slice(0, 500)}`);
    }
    if (status !== 200 || (answer && typeof answer === 'object' && !Array.isArray(answer) && 'error' in answer)) {
      throw taskError(String(answer?.error ?? 'States.TaskFailed'), String(answer?.cause ?? `HTTP ${status}`));
    }
    return answer;
  };
}

async function main() {
  const request = readRequest();
  const definition = JSON.parse(readFileSync(request.definitionFile, 'utf8'));
  const tasks = taskStates(definition.States);
  const taskResourceLocalHandlers = {};
  const retryIntervalOverrides = {};
  for (const [name, state] of tasks) {
    taskResourceLocalHandlers[name] = handler(request.handlerUrl, name, state.Resource);
    if (state.Retry && !request.realRetryIntervals) retryIntervalOverrides[name] = 0;
    if (state.Parameters) state.Parameters = withRetryCountStandIn(state.Parameters);
  }
  const machine = new StateMachine(definition, { validationOptions: { checkPaths: true, checkArn: true } });
  const execution = machine.run(request.input ?? {}, {
    overrides: { taskResourceLocalHandlers, retryIntervalOverrides },
    context: request.context ?? {},
  });
  try {
    const output = await execution.result;
    return { status: 'SUCCEEDED', output };
  } catch (e) {
    const cause = e.cause ?? e;
    return { status: 'FAILED', error: String(cause.name ?? 'Error'), cause: String(cause.message ?? cause) };
  }
}

main().then((result) => {
  process.stdout.write(JSON.stringify(result) + '\n');
}, (e) => {
  process.stdout.write(JSON.stringify({ status: 'FAILED', error: 'oracle.Error', cause: String(e?.stack ?? e) }) + '\n');
  process.exitCode = 3;
});
