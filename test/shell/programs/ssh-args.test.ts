// ssh's getopt: options come before the host; everything after the host is the remote command.
import { describe, expect, it } from 'vitest';
import { parseSshArgs } from '../../../src/shell/programs/ssh.ts';

describe('ssh argument parsing', () => {
  it('passes options after the host to the remote command', () => {
    expect(parseSshArgs(['harbor', 'docker', 'load', '-i', 'x.tar'])).toEqual({ host: 'harbor', login: undefined, command: ['docker', 'load', '-i', 'x.tar'] });
  });

  it('reads ssh options and their values before the host', () => {
    expect(parseSshArgs(['-p', '22', '-o', 'StrictHostKeyChecking=no', '-t', 'node1'])).toEqual({ host: 'node1', login: undefined, command: [] });
    expect(parseSshArgs(['-p22', '-l', 'root', 'node2', 'ls', '-l'])).toEqual({ host: 'node2', login: 'root', command: ['ls', '-l'] });
    expect(parseSshArgs(['-tt', '--', 'node3', 'hostname'])).toEqual({ host: 'node3', login: undefined, command: ['hostname'] });
  });

  it('reports an option missing its value', () => {
    expect(parseSshArgs(['-p']).error).toBe("ssh: option requires an argument -- 'p'");
  });
});
