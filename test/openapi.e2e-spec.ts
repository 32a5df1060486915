import { startTestApp, TestApp } from './utils/test-app';

interface Schema {
  properties?: Record<string, Schema & { description?: string; $ref?: string; allOf?: Schema[] }>;
  items?: Schema;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: {
    openapi: string;
    paths: Record<
      string,
      Record<
        string,
        { summary?: string; parameters?: { name: string; description?: string; in: string }[] }
      >
    >;
    components: { schemas: Record<string, Schema>; securitySchemes: Record<string, unknown> };
  };

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http().get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('serves the Swagger UI at /docs', async () => {
    const res = await t.http().get('/docs').expect(200);
    expect(res.text).toContain('swagger');
  });

  it('describes every field of every schema', () => {
    expect(Object.keys(doc.components.schemas).length).toBeGreaterThan(20);
    const undescribed: string[] = [];
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        // A reference to another schema is described by that schema itself.
        const described = !!property.description || !!property.$ref || !!property.allOf;
        if (!described) undescribed.push(`${name}.${field}`);
      }
    }
    expect(undescribed).toEqual([]);
  });

  it('summarises every operation and describes its query parameters', () => {
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!op.summary) missing.push(`${method.toUpperCase()} ${path}: summary`);
        for (const p of op.parameters ?? []) {
          if (p.in === 'query' && !p.description)
            missing.push(`${method.toUpperCase()} ${path}: ?${p.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('declares bearer authentication and the problem schema', () => {
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    expect(doc.components.schemas).toHaveProperty('ProblemDto');
  });
});
