// The table of programs the shell provides besides kubectl (shell-state builtins live in shell-builtins.ts).
import type { Program } from '../../kubectl/context.ts';
import { cat, cp, ls, mkdir, mv, pwd, rm, rmdir, tee, touch } from './file-commands.ts';
import { base64, bracket, cut, echo, egrep, fgrep, grep, head, printf, seq, sort, tail, test, tr, uniq, wc } from './text-commands.ts';
import { sed } from './sed.ts';
import { awk } from './awk.ts';
import { chmod, chown, date, env, id, printenv, falseCmd, hostname, sleep, trueCmd, uname, whoami } from './misc-commands.ts';
import { docker } from '../programs/docker.ts';
import { journalctl, systemctl } from '../programs/systemctl.ts';
import { scp } from '../programs/scp.ts';
import { ssh } from '../programs/ssh.ts';
import { trace } from '../programs/trace.ts';
import { kubeadm } from '../programs/kubeadm.ts';
import { hostCurl } from '../net/tools.ts';
import { rpm, yum, yumConfigManager } from '../programs/yum.ts';
import { containerd } from '../programs/containerd.ts';
import { wget } from '../programs/wget.ts';
import { osPrograms } from '../programs/os-commands.ts';

export const standardPrograms: Record<string, Program> = {
  id,
  chown,
  chmod,
  '[': bracket,
  awk,
  base64,
  cat,
  containerd,
  cp,
  curl: hostCurl,
  cut,
  date,
  docker,
  echo,
  egrep,
  env,
  printenv,
  false: falseCmd,
  fgrep,
  grep,
  head,
  hostname,
  journalctl,
  kubeadm,
  ls,
  mkdir,
  mv,
  printf,
  pwd,
  rm,
  rmdir,
  rpm,
  scp,
  sed,
  seq,
  sleep,
  sort,
  ssh,
  systemctl,
  tail,
  tee,
  test,
  touch,
  tr,
  trace,
  true: trueCmd,
  uname,
  uniq,
  wc,
  wget,
  whoami,
  yum,
  'yum-config-manager': yumConfigManager,
  // swap, modules, sysctl, SELinux, firewalld, reboot (the install notes' steps 2-4)
  ...osPrograms,
};
