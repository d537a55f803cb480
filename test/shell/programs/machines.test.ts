import { describe, expect, it } from 'vitest';
import { headless } from '../helpers.ts';
import { machinesOf } from '../../../src/cluster/hosts/index.ts';

describe('ssh', () => {
  it('moves the session to another machine and exit comes back', async () => {
    const { run, session } = headless();
    await run('cd /tmp');
    const r = await run('ssh node1');
    expect(r.out).toMatch(/^Last login: \w{3} \w{3} \d\d \d\d:\d\d:\d\d 2026 from [\d.]+\n$/);
    expect(session.prompt()).toBe('[root@node1 ~]# ');
    expect((await run('hostname')).out).toBe('node1\n');
    expect((await run('exit')).out).toBe('logout\nConnection to node1 closed.\n');
    expect(session.prompt()).toBe('[root@master tmp]# ');
    expect((await run('exit')).out).toBe('');
    expect(session.prompt()).toBe('[root@master tmp]# ');
  });

  it('runs one command on the other machine, and fails on unknown names', async () => {
    const { run, session } = headless();
    expect((await run('ssh root@node2 hostname')).out).toBe('node2\n');
    expect(session.prompt()).toBe('[root@master ~]# ');
    const bad = await run('ssh msa.harbor.com');
    expect(bad).toEqual({ out: 'ssh: Could not resolve hostname msa.harbor.com: Name or service not known\n', status: 255 });
  });
});

describe('scp', () => {
  it('copies files between machines, keeping the size ls shows', async () => {
    const { run, cluster } = headless();
    await run("echo hello > /root/a.txt");
    expect((await run('scp /root/a.txt root@node1:/tmp')).status).toBe(0);
    expect(cluster.hosts.get('node1')!.fs.read('/tmp/a.txt')).toBe('hello\n');
    expect((await run('scp node1:/tmp/a.txt ./b.txt && cat b.txt')).out).toBe('hello\n');
    expect(await run('scp a.txt root@nowhere:/root')).toEqual({ out: 'ssh: Could not resolve hostname nowhere: Name or service not known\nlost connection\n', status: 1 });
  });
});

describe('systemctl', () => {
  it('restarts containerd; a TOML error makes the restart fail and status says why', async () => {
    const { run } = headless();
    expect(await run('ssh node1 systemctl is-active containerd')).toEqual({ out: 'active\n', status: 0 });
    await run('ssh node1');
    await run("sed -i 's/config_path = \"\"/config_path = \"/' /etc/containerd/config.toml");
    const r = await run('systemctl restart containerd');
    expect(r).toEqual({ out: 'Job for containerd.service failed because the control process exited with error code. See "systemctl status containerd.service" and "journalctl -xe" for details.\n', status: 1 });
    const s = await run('systemctl status containerd');
    expect(s.status).toBe(3);
    expect(s.out).toContain('Active: activating (auto-restart) (Result: exit-code)');
    expect(s.out).toMatch(/containerd: failed to load TOML: \/etc\/containerd\/config\.toml: \(\d+, \d+\): unclosed string/);
    expect((await run('systemctl status nope')).out).toBe('Unit nope.service could not be found.\n');
  });
});

describe('docker', () => {
  it('builds, saves, copies, loads, tags, logs in and pushes into msa.harbor.com as the notes do', async () => {
    const { run, cluster } = headless();
    const setup = await run(`mkdir -p /root/app/build/libs && cd /root/app && echo jar > build/libs/app.jar
cat > Dockerfile <<'EOF'
FROM openjdk:17
COPY build/libs/*.jar app.jar
ENTRYPOINT ["java","-jar","/app.jar"]
EOF`);
    expect(setup.status).toBe(0);
    const b = await run('docker build --platform linux/arm64 -t kim/discoveryservice:1.0 .');
    expect(b.status).toBe(0);
    expect(b.out).toMatch(/^\[\+\] Building [\d.]+s \(\d+\/\d+\) FINISHED +docker:default\n => \[internal\] load build definition from Dockerfile/);
    expect(b.out).toContain('naming to docker.io/kim/discoveryservice:1.0');
    expect((await run('docker images kim/discoveryservice')).out).toMatch(/^REPOSITORY +TAG +IMAGE ID +CREATED +SIZE\nkim\/discoveryservice   1\.0       [0-9a-f]{12}   \d+ seconds ago   471MB\n$/);
    expect((await run('docker save -o d.tar kim/discoveryservice:1.0 && scp d.tar root@harbor:/root')).status).toBe(0);
    expect((await run('ls -l d.tar')).out).toMatch(/ 4712\d{5} /);
    await run('ssh harbor');
    expect((await run('docker load -i d.tar')).out).toMatch(/Loaded image: kim\/discoveryservice:1\.0\n$/);
    expect((await run('docker tag kim/discoveryservice:1.0 msa.harbor.com/discovery-service')).status).toBe(0);
    const denied = await run('docker push msa.harbor.com/discovery-service');
    expect(denied.status).toBe(1);
    expect(denied.out).toMatch(/unauthorized: unauthorized to access repository: discovery-service, action: push/);
    const login = await run('docker login msa.harbor.com -u admin -p Harbor12345');
    expect(login.out).toBe('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\nWARNING! Your password will be stored unencrypted in /root/.docker/config.json.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/engine/reference/commandline/login/#credentials-store\n\nLogin Succeeded\n');
    const push = await run('docker push msa.harbor.com/discovery-service');
    expect(push.out).toMatch(/^Using default tag: latest\nThe push refers to repository \[msa\.harbor\.com\/discovery-service\]\n([0-9a-f]{12}: Pushed\n)+latest: digest: sha256:[0-9a-f]{64} size: \d+\n$/);
    const harbor = machinesOf(cluster.hosts)!.registries.harbor;
    expect(harbor.lookup('discovery-service', 'latest')!.image.architecture).toBe('arm64');
    expect(harbor.lookup('discovery-service', 'latest')!.image.program).toMatchObject({ kind: 'java-spring', binary: '/usr/local/openjdk-17/bin/java' });
  });

  it('speaks https to a plain-HTTP registry unless daemon.json lists it and docker restarted', async () => {
    const { run } = headless();
    await run('docker pull busybox && docker tag busybox msa.harbor.com/library/busybox:1');
    await run('echo "10.0.2.20 msa.harbor.com" >> /etc/hosts');
    const r = await run('docker login msa.harbor.com -u admin -p Harbor12345');
    expect(r.out).toContain('Error response from daemon: Get "https://msa.harbor.com/v2/": dial tcp 10.0.2.20:443: connect: connection refused\n');
    await run(`echo '{ "insecure-registries": ["msa.harbor.com"] }' > /etc/docker/daemon.json`);
    expect((await run('docker login msa.harbor.com -u admin -p Harbor12345')).status).toBe(1);
    await run('systemctl restart docker');
    expect((await run('docker login msa.harbor.com -u admin -p Harbor12345')).status).toBe(0);
    expect((await run('docker info | grep Cgroup')).out).toBe(' Cgroup Driver: cgroupfs\n Cgroup Version: 1\n');
  });

  it("prints Docker's errors", async () => {
    const { run } = headless();
    expect((await run('docker tag nope:1 x')).out).toBe('Error response from daemon: No such image: nope:1\n');
    expect((await run('docker pull nosuchimage')).out).toBe("Using default tag: latest\nError response from daemon: pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n");
    expect((await run('docker build')).out).toContain('"docker buildx build" requires exactly 1 argument.');
    expect((await run('docker tag a')).out).toContain('"docker tag" requires exactly 2 arguments.');
    expect((await run('ssh node1 docker ps')).out).toBe('bash: docker: command not found\n');
    await run('systemctl stop docker');
    expect((await run('docker images')).out).toBe('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n');
  });
});
