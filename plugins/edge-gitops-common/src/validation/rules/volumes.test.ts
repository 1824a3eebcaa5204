import { found } from './testing';
import { checkVolumes } from './volumes';

describe('volume rules', () => {
  it('needs unique names and exactly one source, and shows hostPath to reviewers', () => {
    const volumes = [
      { name: 'logs', hostPath: { path: '/var/log' } },
      { name: 'logs', emptyDir: {} },
      { name: 'two', emptyDir: {}, configMap: { name: 'c' } },
      { name: 'none' },
    ];
    let names = new Set<string>();
    const problems = found(p => {
      names = checkVolumes({ volumes } as any, 's', p);
    });
    expect(problems).toEqual([
      'warning s.volumes[0].hostPath.path: mounts /var/log from the node',
      'error s.volumes[1].name: volume logs is declared twice',
      'error s.volumes[2]: needs exactly one of hostPath, emptyDir, configMap, secret or persistentVolumeClaim, got emptyDir and configMap',
      'error s.volumes[3]: needs exactly one of hostPath, emptyDir, configMap, secret or persistentVolumeClaim',
    ]);
    expect([...names]).toEqual(['logs', 'two', 'none']);
  });
});
