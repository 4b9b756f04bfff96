import type { Command } from 'commander';
import { resolveSimulationShorthand, SHORTHAND_FORMS } from '../../model';
import { NotReplayableError, ReplaySession, tickStateJson } from '../../replay';
import type { ReplayEvent, ReplayTickState } from '../../replay';
import { CliError } from '../context';
import type { CliContext } from '../context';
import { formatCents, formatCount, renderList, renderTable } from '../format';
import { integerOption } from '../options';

interface Options {
  experiment?: string;
  tick?: number;
  fromTick?: number;
  toTick?: number;
  check?: boolean;
  json?: boolean;
}

export function registerReplay(program: Command, ctx: CliContext): void {
  program
    .command('replay')
    .description("replay a simulation from its events: the state after a tick, or a per-tick log of the run")
    .argument('<db>', 'SQLite file')
    .argument('<simulation>', `simulation id, or with --experiment a shorthand: ${SHORTHAND_FORMS}`)
    .option('-e, --experiment <id>', 'experiment the shorthand refers to')
    .option('--tick <n>', 'print the state after this tick (balances, queues, costs)', integerOption(0))
    .option('--from-tick <n>', 'log: first tick (inclusive)', integerOption(0))
    .option('--to-tick <n>', 'log: last tick (inclusive)', integerOption(0))
    .option('--check', 'compare the fold with the per-tick snapshots stored at the full level (exit 1 if they disagree)')
    .option('--json', 'machine-readable output (with --tick one object, otherwise an array with one object per tick)')
    .action(async (db: string, simulation: string, options: Options) => {
      await ctx.withFile(db, async (file) => {
        const sim = await resolveSimulationShorthand(file, options.experiment, simulation);
        let session: ReplaySession;
        try {
          session = await ReplaySession.open(file, sim.simulation_id);
        } catch (error) {
          if (error instanceof NotReplayableError) {
            const next = error.info.nearest ? `\nTry: simcash-db replay ${db} ${error.info.nearest.simulation_id}` : '';
            throw new CliError(`${error.message}${next}`);
          }
          throw error;
        }
        const last = session.lastTick;
        const check = (tick: number | undefined, name: string): void => {
          if (tick !== undefined && tick > last) {
            throw new CliError(`${name} ${tick} is out of range: simulation ${sim.simulation_id} has ticks 0–${last}.`);
          }
        };
        check(options.tick, '--tick');
        check(options.fromTick, '--from-tick');
        check(options.toTick, '--to-tick');
        if (options.check) {
          await checkSnapshots(ctx, session, options.json === true);
          return;
        }
        if (options.tick !== undefined) {
          const state = await session.stateAt(options.tick);
          if (options.json) {
            ctx.json(tickStateJson(sim.simulation_id, state));
          } else {
            ctx.out(describeTick(sim.simulation_id, state));
          }
          return;
        }
        const range = { fromTick: options.fromTick ?? 0, toTick: options.toTick ?? last };
        if (range.fromTick > range.toTick) {
          throw new CliError(`--from-tick ${range.fromTick} is after --to-tick ${range.toTick}.`);
        }
        if (options.json) {
          // One document, written tick by tick so that a long run never sits in memory as a whole.
          let first = true;
          ctx.io.stdout.write('[\n');
          await session.forEachTick((state) => {
            const text = JSON.stringify(tickStateJson(sim.simulation_id, state), null, 2).replace(/^/gm, '  ');
            ctx.io.stdout.write(`${first ? '' : ',\n'}${text}`);
            first = false;
          }, range);
          ctx.io.stdout.write('\n]\n');
          return;
        }
        ctx.out(`Replay of ${sim.simulation_id}: ticks ${range.fromTick}–${range.toTick} of 0–${last}, ${session.agentIds.length} agents`);
        if (session.issueCount > 0) {
          ctx.out(`Warning: ${session.issueCount} inconsistencies in the event stream, first: tick ${session.issues[0].tick}: ${session.issues[0].message}`);
        }
        await session.forEachTick((state, events) => ctx.out(logBlock(state, events)), range);
      });
    });
}

/** `--check`: the fold against the stored snapshots; disagreements are a failure (exit 1). */
async function checkSnapshots(ctx: CliContext, session: ReplaySession, json: boolean): Promise<void> {
  const id = session.simulationId;
  if (!session.hasSnapshots) {
    throw new CliError(`Simulation ${id} has no per-tick snapshots (persistence level: ${session.simulation.persistence_level ?? 'unknown'}); only full-level runs can be checked.`);
  }
  const result = await session.snapshotCheck({ limit: json ? 1000 : 20 });
  if (json) {
    ctx.json({ simulation_id: id, ...result, issues: session.issues });
  } else if (result.disagreementCount === 0) {
    ctx.out(`Simulation ${id}: the fold of the events agrees with the stored snapshots at all ${formatCount(result.ticksChecked)} ticks.`);
  } else {
    ctx.out(`Simulation ${id}: ${formatCount(result.disagreementCount)} disagreements between the events and the stored snapshots, from tick ${result.firstTick}:`);
    ctx.out(
      renderTable(
        [{ header: 'Tick', align: 'right' }, { header: 'Agent' }, { header: 'Field' }, { header: 'Snapshot', align: 'right' }, { header: 'Events', align: 'right' }],
        result.disagreements.map((d) => [String(d.tick), d.agentId ?? '-', d.field, cut(d.snapshot), cut(d.fold)]),
      ),
    );
  }
  if (result.disagreementCount > 0) {
    throw new CliError(`the events of ${id} do not reproduce its stored snapshots`);
  }
}

function cut(value: number | string | null): string {
  const text = value === null ? '(none)' : String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** Counts of what happened in a tick, from the events the fold read. */
function happenings(events: readonly ReplayEvent[]): string {
  const count = (types: string[]): number => events.filter((e) => types.includes(e.type)).length;
  const lsm = events.filter((e) => e.type === 'LsmBilateralOffset' || e.type === 'LsmCycleSettlement');
  const lsmSettled = lsm.reduce((n, e) => n + (Array.isArray(e.details.tx_ids) ? e.details.tx_ids.length : 0), 0);
  const parts = [
    `arrivals ${count(['Arrival'])}`,
    `settled ${count(['RtgsImmediateSettlement', 'Queue2LiquidityRelease']) + lsmSettled}` + (lsm.length > 0 ? ` (LSM ${lsmSettled} in ${lsm.length})` : ''),
    `queued ${count(['QueuedRtgs'])}`,
  ];
  const optional: Array<[string, string[]]> = [
    ['overdue', ['TransactionWentOverdue']],
    ['dropped', ['PolicyDrop']],
    ['split', ['PolicySplit']],
    ['collateral', ['CollateralPost', 'CollateralWithdraw', 'CollateralTimerWithdrawn']],
  ];
  for (const [label, types] of optional) {
    const n = count(types);
    if (n > 0) {
      parts.push(`${label} ${n}`);
    }
  }
  if (events.some((e) => e.type === 'EndOfDay')) {
    parts.push('end of day');
  }
  return parts.join(', ');
}

function tickTitle(state: ReplayTickState): string {
  return state.day === null ? `Tick ${state.tick}` : `Tick ${state.tick} (day ${state.day}, tick ${state.tickInDay} of the day)`;
}

/** One block of the per-tick log. */
function logBlock(state: ReplayTickState, events: readonly ReplayEvent[]): string {
  const rows = state.agents.map((a) => [
    a.id,
    `balance ${formatCents(a.balance)}`,
    `headroom ${formatCents(a.headroom)}`,
    `Q1 ${a.queue1.length}`,
    `Q2 ${a.queue2.length}`,
    `costs +${formatCents(a.costsThisTick.total)} = ${formatCents(a.costs.total)}`,
  ]);
  const t = state.totals;
  return (
    `${tickTitle(state)}: ${happenings(events)}; RTGS queue ${t.queue2Size}, settled ${formatCount(t.settled)}, unsettled ${formatCount(t.unsettled)}\n` +
    renderList(rows)
  );
}

/** The full state after one tick, for people. */
function describeTick(simulationId: string, state: ReplayTickState): string {
  const t = state.totals;
  const lines = [
    `Simulation ${simulationId}, state after ${tickTitle(state).toLowerCase()}`,
    `Settled ${formatCount(t.settled)} · unsettled ${formatCount(t.unsettled)} (queue 1: ${t.queue1Size}, RTGS queue: ${t.queue2Size}, overdue: ${t.overdue}) · ` +
      `costs so far ${formatCents(t.costs.total)}`,
    '',
    renderTable(
      [
        { header: 'Agent' },
        { header: 'Balance', align: 'right' },
        { header: 'Credit used', align: 'right' },
        { header: 'Headroom', align: 'right' },
        { header: 'Collateral', align: 'right' },
        { header: 'Allocated', align: 'right' },
        { header: 'Q1', align: 'right' },
        { header: 'Q2', align: 'right' },
        { header: 'Costs today', align: 'right' },
        { header: 'Costs total', align: 'right' },
      ],
      state.agents.map((a) => [
        a.id,
        formatCents(a.balance),
        formatCents(a.creditUsed),
        formatCents(a.headroom),
        formatCents(a.postedCollateral),
        formatCents(a.allocatedLiquidity),
        String(a.queue1.length),
        String(a.queue2.length),
        formatCents(a.costsToday.total),
        formatCents(a.costs.total),
      ]),
    ),
  ];
  for (const a of state.agents) {
    if (a.queue1.length > 0) {
      lines.push(`Queue 1 of ${a.id}: ${a.queue1.map((q) => `${q.txId}${q.overdue ? '*' : ''}`).join(' ')}`);
    }
  }
  if (state.queue2.length > 0) {
    lines.push(`RTGS queue: ${state.queue2.map((q) => `${q.txId}${q.overdue ? '*' : ''}`).join(' ')}`);
  }
  if (t.overdue > 0) {
    lines.push('(* overdue)');
  }
  return lines.join('\n');
}
