import { captureJson } from '../output/capture-json.ts';
import { renderCapture } from '../output/capture-view.ts';
import { openStoreFor } from './common.ts';
import type { World } from './world.ts';

export async function run(args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  const json = raw.json === true;
  const terminal = world.terminal({ json: json || raw.raw === true });
  const store = await openStoreFor(raw, terminal, world);
  const capture = await store.get(await store.resolve(args[0] ?? 'last'));
  if (raw.raw === true) {
    await new Promise<void>((resolve, reject) =>
      world.stdout.write(capture.body, (error) => (error ? reject(error) : resolve())),
    );
    return 0;
  }
  if (json) {
    const record = captureJson(capture);
    terminal.out(JSON.stringify(record, null, 2));
    return 0;
  }
  terminal.out(renderCapture(capture, { chalk: terminal.color, columns: terminal.columns }));
  return 0;
}
