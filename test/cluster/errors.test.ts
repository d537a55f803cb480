import { describe, expect, it } from 'vitest';
import { invalid, notFound } from '../../src/cluster/apiserver/errors.ts';

describe('API status errors', () => {
  it('names grouped resources the way the server does', () => {
    expect(notFound('deployments', 'apps', 'nope').message).toBe('deployments.apps "nope" not found');
    expect(notFound('pods', '', 'x').message).toBe('pods "x" not found');
  });
  it('lists several invalid causes in brackets', () => {
    const e = invalid('Deployment', 'apps', 'web', [
      { type: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' },
      { type: 'FieldValueInvalid', field: 'spec.replicas', message: 'Invalid value: -1: must be greater than or equal to 0' },
    ]);
    expect(e.message).toBe('Deployment.apps "web" is invalid: [spec.selector: Required value, spec.replicas: Invalid value: -1: must be greater than or equal to 0]');
    expect(e.code).toBe(422);
  });
});
