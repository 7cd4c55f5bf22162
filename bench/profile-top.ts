/**
 * Where a CPU profile's time goes: self time by function and by file (`node --cpu-prof` output, e.g. from
 * `bench/listen.ts --profile DIR`). Idle and GC are listed as such.
 *
 *   node --import tsx bench/profile-top.ts <file.cpuprofile> [--top 25]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' } },
});
const [file] = positionals;
if (file === undefined) throw new Error('usage: profile-top.ts <file.cpuprofile> [--top N]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const self = new Map<string, number>();
const byFile = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  const node = byId.get(id);
  if (node === undefined) return;
  const { functionName, url, lineNumber } = node.callFrame;
  const short = url.replace(/^.*\/(node_modules\/|dist\/)/, '$1');
  const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  byFile.set(short || functionName, (byFile.get(short || functionName) ?? 0) + dt);
  // Inclusive time per function, each counted once per sample however deep the recursion.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at)?.callFrame;
    if (frame === undefined) break;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(node_modules\/|dist\/)/, '$1')}:${frame.lineNumber + 1}`;
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
  }
});

const top = Number(values.top);
const show = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(
      `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`,
    );
  }
};
console.log(`${(total / 1e6).toFixed(1)} s sampled`);
show('self time by function', self);
show('self time by file', byFile);
show('inclusive time by function', inclusive);
