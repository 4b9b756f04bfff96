/**
 * How each balance-moving event moves balances (simcash-engine.md §8; the simulator's settlement.ts, lsm.ts and
 * costs.ts). The amounts are the truth; the `*_before` balances the events also carry are returned alongside so
 * that a fold can check its own balances against them, and so that opening balances can be recovered from events.
 */
import { type ReplayEvent, numberField, numberMapField, stringField } from './events';

export interface BalanceEffect {
  agent: string;
  /** Change of the agent's settlement balance. */
  delta: number;
  /** The agent's balance before the event, when the event states it. */
  before: number | null;
  /** Credit held back for the end of the tick (deferred crediting); the balance does not move yet. */
  deferred: number;
}

export const SETTLEMENT_TYPES: ReadonlySet<string> = new Set(['RtgsImmediateSettlement', 'Queue2LiquidityRelease', 'RtgsQueue2Settle']);
export const LSM_TYPES: ReadonlySet<string> = new Set(['LsmBilateralOffset', 'LsmCycleSettlement']);

/** Balance effects of one event: [] when it moves no balance. */
export function balanceEffects(e: ReplayEvent): BalanceEffect[] {
  if (SETTLEMENT_TYPES.has(e.type)) {
    return grossSettlement(e);
  }
  if (LSM_TYPES.has(e.type)) {
    return netting(e);
  }
  switch (e.type) {
    case 'LiquidityAllocation':
    case 'DeferredCreditApplied':
      return single(e, 1);
    case 'LiquidityReturn':
      return single(e, -1);
    default:
      return [];
  }
}

function single(e: ReplayEvent, sign: 1 | -1): BalanceEffect[] {
  const agent = e.agentId ?? stringField(e, 'agent_id');
  const before = numberField(e, 'balance_before');
  const after = numberField(e, 'balance_after');
  const amount = numberField(e, 'amount') ?? (before !== null && after !== null ? sign * (after - before) : null);
  return agent === null || amount === null ? [] : [{ agent, delta: sign * amount, before, deferred: 0 }];
}

function grossSettlement(e: ReplayEvent): BalanceEffect[] {
  const sender = stringField(e, 'sender') ?? stringField(e, 'sender_id') ?? e.agentId;
  const receiver = stringField(e, 'receiver') ?? stringField(e, 'receiver_id');
  const senderBefore = numberField(e, 'sender_balance_before');
  const senderAfter = numberField(e, 'sender_balance_after');
  const amount = numberField(e, 'amount') ?? (senderBefore !== null && senderAfter !== null ? senderBefore - senderAfter : null);
  if (amount === null) {
    return [];
  }
  const out: BalanceEffect[] = [];
  if (sender !== null) {
    out.push({ agent: sender, delta: -amount, before: senderBefore, deferred: 0 });
  }
  if (receiver !== null) {
    const deferred = e.details.deferred_credit === true;
    out.push({ agent: receiver, delta: deferred ? 0 : amount, before: numberField(e, 'receiver_balance_before'), deferred: deferred ? amount : 0 });
  }
  return out;
}

function netting(e: ReplayEvent): BalanceEffect[] {
  const before = numberMapField(e, 'balances_before') ?? {};
  let net = numberMapField(e, 'net_positions');
  if (net === null && e.type === 'LsmBilateralOffset') {
    // The predecessor's bilateral event has only the two gross flows: amount_a goes from agent_a to agent_b.
    const a = stringField(e, 'agent_a');
    const b = stringField(e, 'agent_b');
    const ab = numberField(e, 'amount_a');
    const ba = numberField(e, 'amount_b');
    if (a !== null && b !== null && ab !== null && ba !== null) {
      net = { [a]: ba - ab, [b]: ab - ba };
    }
  }
  return Object.entries(net ?? {}).map(([agent, delta]) => ({ agent, delta, before: before[agent] ?? null, deferred: 0 }));
}
