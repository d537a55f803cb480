// `apply -f` / `create -f` act on the documents before a YAML error in a later document, then report it (kubectl's builder streams).
import { describe, expect, it } from 'vitest';
import { session } from '../harness.ts';

const MULTI = `apiVersion: v1
kind: ConfigMap
metadata:
  name: one
data:
  a: "1"
---
apiVersion: v1
kind: Service
metadata:
  name: svc
spec:
  selector:
    app: x
  ports:
  - port: 80
   targetPort: 80
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: three
`;
const ERROR = 'error: error parsing multi.yaml: error converting YAML to JSON: yaml: line 9: did not find expected key\n';

describe.each(['apply', 'create'])('kubectl %s -f with a broken later document', (verb) => {
  it('creates the documents before the error, then prints the error and exits 1', async () => {
    const s = session();
    s.write('multi.yaml', MULTI);
    const r = await s.run(`${verb} -f multi.yaml`);
    expect(r).toEqual({ stdout: 'configmap/one created\n', stderr: ERROR, code: 1 });
    expect(s.cluster.api.tryGet('configmaps', 'default', 'one')).toBeDefined();
    expect(s.cluster.api.tryGet('services', 'default', 'svc')).toBeUndefined();
    expect(s.cluster.api.tryGet('configmaps', 'default', 'three')).toBeUndefined();
  });

  it('still reads the other files given with -f', async () => {
    const s = session();
    s.write('multi.yaml', MULTI);
    s.write('other.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n');
    const r = await s.run(`${verb} -f multi.yaml -f other.yaml`);
    expect(r.stdout).toBe('configmap/one created\nconfigmap/other created\n');
    expect(r.stderr).toBe(ERROR);
  });
});
