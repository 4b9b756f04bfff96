import type { Command } from 'commander';
import { countEvents, listEvents, resolveSimulationShorthand, SHORTHAND_FORMS } from '../../model';
import type { EventFilter } from '../../model';
import type { CliContext } from '../context';
import { compactDetails, formatCount, orDash, renderTable } from '../format';
import { collectList, integerOption } from '../options';

interface Options {
  experiment?: string;
  fromTick?: number;
  toTick?: number;
  type?: string[];
  agent?: string;
  tx?: string;
  limit: number;
  offset?: number;
  after?: string;
  json?: boolean;
}

export function registerEvents(program: Command, ctx: CliContext): void {
  program
    .command('events')
    .description("list a simulation's events in tick order, filtered and paged")
    .argument('<db>', 'SQLite file')
    .argument('<simulation>', `simulation id, or with --experiment a shorthand: ${SHORTHAND_FORMS}`)
    .option('-e, --experiment <id>', 'experiment the shorthand refers to')
    .option('--from-tick <n>', 'first tick (inclusive)', integerOption(0))
    .option('--to-tick <n>', 'last tick (inclusive)', integerOption(0))
    .option('-t, --type <type>', 'event type; repeat or give a comma list', collectList)
    .option('-a, --agent <id>', 'only events of this agent')
    .option('--tx <id>', 'only events of this transaction')
    .option('-n, --limit <n>', 'events to show', integerOption(1), 50)
    .option('--offset <n>', 'skip this many matching events', integerOption(0))
    .option('--after <cursor>', 'continue after this cursor (printed at the end of a page, or in --json output)')
    .option('--json', 'machine-readable output (a JSON array of events)')
    .action(async (db: string, simulation: string, options: Options) => {
      await ctx.withFile(db, async (file) => {
        const sim = await resolveSimulationShorthand(file, options.experiment, simulation);
        const filter: EventFilter = {
          fromTick: options.fromTick,
          toTick: options.toTick,
          eventTypes: options.type,
          agentId: options.agent,
          txId: options.tx,
        };
        const page = await listEvents(file, sim.simulation_id, filter, { limit: options.limit, offset: options.offset, after: options.after });
        if (options.json) {
          ctx.json(page.events);
          return;
        }
        if (sim.event_count === 0) {
          ctx.out(`Simulation ${sim.simulation_id} has no events stored (persistence level: ${sim.persistence_level ?? 'unknown'}).`);
          return;
        }
        const total = await countEvents(file, sim.simulation_id, filter);
        const filtered = total !== sim.event_count;
        const first = (options.offset ?? 0) + 1;
        const shown =
          page.events.length === 0
            ? 'none shown'
            : options.after === undefined
              ? `showing ${formatCount(first)}–${formatCount(first + page.events.length - 1)}`
              : `showing ${formatCount(page.events.length)} after the cursor`;
        ctx.out(`Simulation ${sim.simulation_id}: ${formatCount(total)} ${filtered ? `of ${formatCount(sim.event_count)} events match` : 'events'}, ${shown}`);
        if (page.events.length > 0) {
          ctx.out(
            renderTable(
              [
                { header: 'Event', align: 'right' },
                { header: 'Tick', align: 'right' },
                { header: 'Day', align: 'right' },
                { header: 'Type' },
                { header: 'Agent' },
                { header: 'Tx' },
                { header: 'Details' },
              ],
              page.events.map((e) => [String(e.event_id), String(e.tick), orDash(e.day), e.event_type, orDash(e.agent_id), orDash(e.tx_id), compactDetails(e.details)]),
            ),
          );
        }
        if (page.nextCursor !== null) {
          const next = options.after === undefined ? `--offset ${(options.offset ?? 0) + page.events.length}` : `--after ${page.nextCursor}`;
          ctx.out(`More: ${next}`);
        }
      });
    });
}
