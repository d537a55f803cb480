// Why the scheduler bound a pod where it did, from its filter and score results, in one sentence.

/** `master: 1 node(s) had untolerated taint ...; node1, node3 scored lower (82, 82 vs 90)`. */
export function bindReason(chosen: string, feasible: string[], scores: number[] | undefined, rejected: { node: string; reasons: string[] }[]): string {
  const parts: string[] = [];
  for (const r of rejected) parts.push(`${r.node}: ${r.reasons.join(', ')}`);
  if (feasible.length === 1) parts.push(`${chosen} was the only node that passed every filter`);
  else if (scores) {
    const best = scores[feasible.indexOf(chosen)] ?? 0;
    const lower: string[] = [];
    const tied: string[] = [];
    feasible.forEach((n, i) => {
      if (n === chosen) return;
      if ((scores[i] ?? 0) < best) lower.push(`${n} ${scores[i]}`);
      else tied.push(n);
    });
    if (lower.length) parts.push(`scored lower than ${chosen} (${best}): ${lower.join(', ')}`);
    if (tied.length) parts.push(`tied with ${chosen} at ${best}: ${tied.join(', ')} (picked at random)`);
  }
  return parts.join('; ');
}
