import { checkExpose } from './expose';
import { found } from './testing';

describe('Service (expose) rules', () => {
  it('needs a node port type for node ports and a named container port for named targets', () => {
    const service = {
      containers: [
        {
          name: 'a',
          image: 'a:1',
          ports: [{ containerPort: 80, name: 'http' }],
        },
      ],
      expose: {
        ports: [
          { port: 80, nodePort: 30080 },
          { port: 81, targetPort: 'http' },
          { port: 82, targetPort: 'grpc' },
        ],
      },
    };
    expect(
      found(p => checkExpose(service as any, 'Deployment', 's', p)),
    ).toEqual([
      'error s.expose.ports[0].nodePort: needs expose.type NodePort or LoadBalancer',
      'error s.expose.ports[2].targetPort: no container port is named grpc',
    ]);
  });

  it('warns on node ports outside the default range and on a Service in front of a Job', () => {
    const service = {
      containers: [],
      expose: { type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] },
    };
    expect(found(p => checkExpose(service as any, 'Job', 's', p))).toEqual([
      'warning s.expose.ports[0].nodePort: 8080 is outside the default node port range 30000-32767',
      'warning s.expose: a Service in front of a Job only answers while it runs',
    ]);
  });
});
