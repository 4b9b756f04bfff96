/**
 * Opening balances recovered from events, for files whose configuration and snapshots do not give them. An agent's
 * opening balance is the first balance an event states for it, minus the changes (known from amounts) that events
 * before that one made; the scan stops once every wanted agent is found, or after a bounded number of events.
 */
import type { TickEvents } from '../model/replayData';
import { balanceEffects } from './effects';
import { fromStoredEvent } from './events';

const MAX_SCANNED_EVENTS = 500_000;

export async function openingBalancesFromEvents(ticks: AsyncGenerator<TickEvents>, wanted: ReadonlySet<string>): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const movedBefore = new Map<string, number>();
  let scanned = 0;
  try {
    for await (const { events } of ticks) {
      for (const stored of events) {
        for (const effect of balanceEffects(fromStoredEvent(stored))) {
          if (!wanted.has(effect.agent) || found.has(effect.agent)) {
            continue;
          }
          if (effect.before !== null) {
            found.set(effect.agent, effect.before - (movedBefore.get(effect.agent) ?? 0));
          } else {
            movedBefore.set(effect.agent, (movedBefore.get(effect.agent) ?? 0) + effect.delta);
          }
        }
        scanned++;
      }
      if (found.size === wanted.size || scanned >= MAX_SCANNED_EVENTS) {
        break;
      }
    }
  } finally {
    await ticks.return(undefined);
  }
  return found;
}
