import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/cluster/index.ts';
import type { NewObject, WatchEvent } from '../../../src/cluster/types.ts';
import { isApiError } from '../../../src/cluster/apiserver/errors.ts';

const empty = () => createCluster({ preset: 'empty', components: [] });

function errorOf(f: () => unknown): { reason: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isApiError(e)) return { reason: e.reason, message: e.message };
    throw e;
  }
  throw new Error('expected an API error');
}

/** A trimmed copy of MetalLB's IPAddressPool CRD: printer columns, a default, a status subresource. */
function poolCrd(over: Record<string, unknown> = {}): NewObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'ipaddresspools.metallb.io' },
    spec: {
      group: 'metallb.io',
      names: { kind: 'IPAddressPool', listKind: 'IPAddressPoolList', plural: 'ipaddresspools', singular: 'ipaddresspool' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1beta1',
          served: true,
          storage: true,
          additionalPrinterColumns: [{ jsonPath: '.spec.addresses', name: 'Addresses', type: 'string' }],
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: {
                  type: 'object',
                  properties: { addresses: { type: 'array', items: { type: 'string' } }, autoAssign: { type: 'boolean', default: true }, avoidBuggyIPs: { type: 'boolean', default: false } },
                },
                status: { type: 'object' },
              },
            },
          },
          subresources: { status: {} },
        },
      ],
      ...over,
    },
  };
}

const pool = (name: string, ns = 'default'): NewObject => ({ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name, namespace: ns }, spec: { addresses: ['10.0.2.200-10.0.2.220'] } });

describe('CustomResourceDefinitions', () => {
  it('has no such kind before the CRD exists, so kubectl can tell the mapping is missing', () => {
    const { api } = empty();
    expect(api.resolve('ipaddresspools')).toBeUndefined();
    expect(api.resources.some((r) => r.kind === 'IPAddressPool')).toBe(false);
    const e = errorOf(() => api.create(pool('first-pool')));
    expect(e).toEqual({ reason: 'BadRequest', message: 'no kind "IPAddressPool" is registered for version "metallb.io/v1beta1"' });
  });

  it('registers the resource: discovery lists it in group order and every name resolves', () => {
    const { api } = empty();
    api.create(poolCrd({ names: { kind: 'IPAddressPool', plural: 'ipaddresspools', shortNames: ['ipp'], categories: ['metallb'] } }));
    for (const typed of ['ipaddresspools', 'ipaddresspool', 'IPAddressPool', 'ipp', 'ipaddresspools.metallb.io', 'ipaddresspool.v1beta1.metallb.io']) {
      expect(api.resolve(typed)).toMatchObject({ plural: 'ipaddresspools', group: 'metallb.io', version: 'v1beta1', kind: 'IPAddressPool', namespaced: true });
    }
    const groups = api.resources.map((r) => r.group);
    const at = groups.indexOf('metallb.io');
    expect(groups[at - 1]).toBe('flowcontrol.apiserver.k8s.io');
    expect(groups[at + 1]).toBe('networking.k8s.io');
    expect(api.resolve('ipp')?.categories).toEqual(['metallb']);
  });

  it('defaults the names and reports the CRD Established with its accepted names', () => {
    const { api } = empty();
    const crd = api.create(poolCrd({ names: { kind: 'IPAddressPool', plural: 'ipaddresspools' } }));
    expect(crd.spec.names).toEqual({ kind: 'IPAddressPool', listKind: 'IPAddressPoolList', plural: 'ipaddresspools', singular: 'ipaddresspool' });
    expect(crd.spec.conversion).toEqual({ strategy: 'None' });
    expect(crd.metadata.generation).toBe(1);
    expect(crd.status.acceptedNames).toEqual({ kind: 'IPAddressPool', listKind: 'IPAddressPoolList', plural: 'ipaddresspools', singular: 'ipaddresspool' });
    expect(crd.status.conditions.map((c: any) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['NamesAccepted', 'True', 'NoConflicts', 'no conflicts found'],
      ['Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted'],
    ]);
    expect(crd.status.storedVersions).toEqual(['v1beta1']);
    expect(crd.spec.versions[0].additionalPrinterColumns).toEqual([{ jsonPath: '.spec.addresses', name: 'Addresses', type: 'string' }]);
  });

  it('stores custom objects: schema defaults, generation, get, list and watch', () => {
    const c = empty();
    const { api } = c;
    api.create(poolCrd());
    const seen: WatchEvent[] = [];
    api.watch('ipaddresspools', undefined, (ev) => seen.push(ev));
    const created = api.create(pool('first-pool'));
    expect(created.apiVersion).toBe('metallb.io/v1beta1');
    expect(created.spec).toEqual({ addresses: ['10.0.2.200-10.0.2.220'], autoAssign: true, avoidBuggyIPs: false });
    expect(created.metadata.generation).toBe(1);
    expect(api.get('ipaddresspools.metallb.io', 'default', 'first-pool').metadata.uid).toBe(created.metadata.uid);
    expect(api.list('ipaddresspools').map((o) => o.metadata.name)).toEqual(['first-pool']);
    c.advance(1);
    expect(seen.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'first-pool']]);
    expect(() => api.create(pool('first-pool'))).toThrow('ipaddresspools.metallb.io "first-pool" already exists');
    expect(() => api.get('ipaddresspools', 'default', 'nope')).toThrow('ipaddresspools.metallb.io "nope" not found');
    expect(() => api.create(pool('p', 'nosuch'))).toThrow('namespaces "nosuch" not found');
  });

  it('bumps generation on spec changes and keeps status out of plain updates when status is a subresource', () => {
    const { api } = empty();
    api.create(poolCrd());
    api.create(pool('p'));
    const withStatus = api.updateStatus({ ...api.get('ipaddresspools', 'default', 'p'), status: { assignedIPv4: 1 } });
    expect(withStatus.status).toEqual({ assignedIPv4: 1 });
    const edited = api.patch('ipaddresspools', 'default', 'p', (o) => {
      o.spec.addresses = ['10.0.2.230/32'];
    });
    expect(edited.metadata.generation).toBe(2);
    const cur = api.get('ipaddresspools', 'default', 'p');
    const labelled = api.update({ ...cur, metadata: { ...cur.metadata, labels: { a: 'b' } }, status: { ignored: true } });
    expect(labelled.metadata.generation).toBe(2);
    expect(api.get('ipaddresspools', 'default', 'p').status).toEqual({ assignedIPv4: 1 });
  });

  it('rejects unknown fields under strict field validation, as kubectl --validate=strict gets them', () => {
    const { api } = empty();
    api.create(poolCrd());
    const e = errorOf(() => api.create({ ...pool('p'), spec: { adresses: ['10.0.2.200/32'] } }, { fieldValidation: 'Strict' }));
    expect(e).toEqual({ reason: 'BadRequest', message: 'IPAddressPool in version "v1beta1" cannot be handled as a IPAddressPool: strict decoding error: unknown field "spec.adresses"' });
    expect(api.create({ ...pool('q'), spec: { adresses: ['x'] } }).spec).toEqual({ adresses: ['x'], autoAssign: true, avoidBuggyIPs: false });
  });

  it('serves cluster-scoped custom resources without a namespace', () => {
    const { api } = empty();
    api.create({ ...poolCrd({ scope: 'Cluster', group: 'example.com', names: { kind: 'Widget', plural: 'widgets' } }), metadata: { name: 'widgets.example.com' } });
    const w = api.create({ apiVersion: 'example.com/v1beta1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' } });
    expect(w.metadata.namespace).toBeUndefined();
    expect(api.list('widgets').map((o) => o.metadata.name)).toEqual(['w']);
  });

  it('deleting the CRD removes its objects and the resource', () => {
    const c = empty();
    const { api } = c;
    api.create(poolCrd());
    api.create(pool('a'));
    api.create(pool('b', 'kube-system'));
    const gone: string[] = [];
    api.watch('ipaddresspools', undefined, (ev) => ev.type === 'DELETED' && gone.push(ev.object.metadata.name));
    api.delete('customresourcedefinitions', undefined, 'ipaddresspools.metallb.io');
    c.advance(1);
    expect(gone.sort()).toEqual(['a', 'b']);
    expect(api.tryGet('customresourcedefinitions', undefined, 'ipaddresspools.metallb.io')).toBeUndefined();
    expect(api.resolve('ipaddresspools')).toBeUndefined();
    expect(() => api.list('ipaddresspools')).toThrow('the server could not find the requested resource');
    // created again, it starts empty
    api.create(poolCrd());
    expect(api.list('ipaddresspools')).toEqual([]);
  });

  it('validates the CRD itself with the apiextensions wording', () => {
    const { api } = empty();
    expect(errorOf(() => api.create({ ...poolCrd(), metadata: { name: 'pools.metallb.io' } })).message).toBe(
      'CustomResourceDefinition.apiextensions.k8s.io "pools.metallb.io" is invalid: metadata.name: Invalid value: "pools.metallb.io": must be spec.names.plural+"."+spec.group',
    );
    expect(errorOf(() => api.create({ ...poolCrd({ group: 'metallb' }), metadata: { name: 'ipaddresspools.metallb' } })).message).toBe(
      'CustomResourceDefinition.apiextensions.k8s.io "ipaddresspools.metallb" is invalid: spec.group: Invalid value: "metallb": should be a domain with at least one dot',
    );
    expect(errorOf(() => api.create(poolCrd({ scope: 'Global' }))).message).toBe(
      'CustomResourceDefinition.apiextensions.k8s.io "ipaddresspools.metallb.io" is invalid: spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
    );
  });

  it('keeps a custom kind out of the way of a built-in short name', () => {
    const { api } = empty();
    api.create({ ...poolCrd({ group: 'example.com', names: { kind: 'Widget', plural: 'widgets', shortNames: ['po'] } }), metadata: { name: 'widgets.example.com' } });
    expect(api.resolve('po')?.kind).toBe('Pod');
    expect(api.resolve('widget')?.kind).toBe('Widget');
  });
});
