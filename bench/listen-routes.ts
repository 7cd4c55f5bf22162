/**
 * The listen benchmark's ten-route subject (issue 16: forwarding through ten routes within 5% of one
 * forward target). `hookctl listen` with no positional target and ten `--route` rules, the first nine of
 * which never match the load's requests, the tenth (`*`) forwarding every one to the target: each request
 * walks all ten rules, the worst case.
 *
 * bench/load.ts sends `POST /webhooks/bench` with only Content-Type and User-Agent, so no provider is
 * detected (the Stripe-like body alone does not make it Stripe): the provider rules are skipped on the
 * provider, the path-only rules (`/slack/*`, `/never/*`) each run their glob against the path.
 */
import type { StoreCheck, SubjectFigures } from './listen-runs.ts';
import { ratio, subjectRow } from './listen-runs.ts';

/** The ten rules, in order; the last is the one that must have routed every capture. */
export function tenRoutes(target: string): string[] {
  return [
    `stripe:invoice.*=${target}`,
    `github=${target}`,
    '/slack/*=capture',
    `shopify:orders/* /shop/*=${target}`,
    `twilio=${target}`,
    `linear=${target}`,
    'paddle=respond:500',
    `/never/*=${target}`,
    `gitlab/hooks/*=${target}`,
    `*=${target}`,
  ];
}

export const routeArgs = (rules: string[]) => rules.flatMap((rule) => ['--route', rule]);

export interface TenRoutesFigures extends StoreCheck {
  rules: string[];
  subject: SubjectFigures;
}

/** Printed after the main table: the ten-route subject next to the one-target hookctl of the same rounds. */
export function printTenRoutes(f: TenRoutesFigures, oneTarget: SubjectFigures): void {
  const s = f.subject;
  console.log(
    '\nten routes: `hookctl listen --route ... x10` (first nine never match, `*=<target>` last) against `hookctl listen <target>`, same rounds\n',
  );
  console.log('| | requests/s | p50 | p99 | CPU (cores) | CPU µs/request | of which kernel |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(subjectRow('`hookctl listen <target>` (one target)', oneTarget));
  console.log(subjectRow('`hookctl listen` + ten routes', s));
  console.log(
    `| ten routes vs one target (goal ≥ 0.95x) | **${ratio(s.rps, oneTarget.rps)}** | ${ratio(s.p50Ms, oneTarget.p50Ms)} | ${ratio(s.p99Ms, oneTarget.p99Ms)} | | ${ratio(s.cpuUsPerRequest, oneTarget.cpuUsPerRequest)} | |`,
  );
  const perRound = s.rounds.map((r, i) => ratio(r.rps, oneTarget.rounds[i]?.rps ?? Number.NaN));
  console.log(
    `\nper round requests/s: ten routes ${s.rounds.map((r) => r.rps.toFixed(0)).join(', ')}; ten routes / one target ${perRound.join(', ')}`,
  );
  console.log(
    `ten routes answered ${f.answered} requests 2xx (warm-ups included), the store holds ${f.stored} captures, ${f.storedComplete} complete with the target's 200 and routed by \`${f.rules.at(-1)}\`; failed: ${f.failed}`,
  );
  console.log(`rules: ${f.rules.map((rule) => `'${rule}'`).join(' ')}`);
}
