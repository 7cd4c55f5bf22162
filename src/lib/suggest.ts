/** Names within a small edit distance of `input`, closest first: for "did you mean …?" in errors. */
export function closest(input: string, candidates: readonly string[], max = 3): string[] {
  const wanted = input.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const scored = candidates
    .map((name) => {
      const lower = name.toLowerCase();
      // A fragment of a long name (`succeeded`, `pull_request`) is as good a hint as a typo.
      const distance = lower.includes(wanted) && wanted.length >= 4 ? 1 : editDistance(wanted, lower);
      return { name, distance };
    })
    .filter(({ distance }) => distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
  // Only the near-best: one clear typo fix should not come with a list of far cousins.
  const best = scored[0]?.distance ?? 0;
  return scored
    .filter(({ distance }) => distance <= best + 1)
    .slice(0, max)
    .map(({ name }) => name);
}

/** Levenshtein distance with the two-row table. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min(
          (previous[j] as number) + 1,
          (current[j - 1] as number) + 1,
          (previous[j - 1] as number) + cost,
        ),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}
