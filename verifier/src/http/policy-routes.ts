import { Router } from 'express';
import { ErrorCodes } from '@medtrust/core';
import type { PolicyRegistry } from '../policies/policy-registry.ts';
import type { PresentationPolicy } from '../policies/presentation-policy.ts';
import { HttpError } from './http-error.ts';

/** The public view of a policy. */
export function policyView(policy: PresentationPolicy) {
  return {
    id: policy.id,
    title: policy.title,
    credentialTypes: policy.credentialTypes,
    presentationDefinition: policy.definition,
  };
}

/**
 * `GET /policies` (every policy with its presentation definition) and `GET /policies/:id`.
 * @param policies - the registry.
 */
export function createPolicyRouter(policies: PolicyRegistry): Router {
  const router = Router();
  router.get('/policies', (_req, res) => {
    res.json({ policies: policies.list().map(policyView) });
  });
  router.get('/policies/:id', (req, res) => {
    const policy = policies.get(String(req.params.id));
    if (!policy) throw new HttpError(404, ErrorCodes.NOT_FOUND, 'no such policy');
    res.json(policyView(policy));
  });
  return router;
}
