/**
 * The replay panel in a real VS Code: opened from the tree (simulation → Open Replay, iteration → Open Simulation
 * Replay), from the palette command with a shorthand, and by other views (file, simulation, tick). Webview DOM is out
 * of reach here, so the tests read the panel's host-side controller (the tick it shows and the views it sent) through
 * the test API and compare its balances with the fold of the replay core and the file's stored snapshots.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { listSimulations, openSimCashFile, type SimCashFile, type SimulationSummary } from '../../../src/model';
import { tickAgentStates } from '../../../src/model/replayData';
import { ReplaySession } from '../../../src/replay';
import type { SimCashTestApi } from '../../../src/extension';
import type { ReplayTickView } from '../../../src/protocol/replay';
import type { ReplayPanel } from '../../../src/views/replay/replayPanel';
import { allTabs, child, children, closeAllDatabases, closeAllEditors, databaseRoot, fixturePath, simcash, waitFor, withTimeout, type ShownNode } from './helpers';

const REPLAY_COMMANDS = [
  'simcash.openReplay',
  'simcash.openIterationReplay',
  'simcash.replaySimulation',
  'simcash.replay.playPause',
  'simcash.replay.stepForward',
  'simcash.replay.stepBack',
  'simcash.replay.dayForward',
  'simcash.replay.dayBack',
  'simcash.replay.nextEvent',
  'simcash.replay.previousEvent',
  'simcash.replay.goToTick',
];

const balancesOf = (view: ReplayTickView | null) => Object.fromEntries((view?.agents ?? []).map((a) => [a.id, a.balance]));

/** The panel of a simulation once it shows ticks (its controller is ready and sent a view). */
async function readyPanel(api: SimCashTestApi, simulationId: string): Promise<ReplayPanel> {
  return waitFor(
    () => api.replay.all.find((p) => p.target.simulationId === simulationId && p.controller.state === 'ready' && p.controller.lastView !== null),
    `the replay panel of ${simulationId} to show a tick`,
    60_000,
  );
}

describe('Replay panel', function () {
  this.timeout(120_000);
  let api: SimCashTestApi;
  let model: SimCashFile;
  let file: string;
  let evaluation: SimulationSummary;
  let session: ReplaySession;

  before(async () => {
    api = await simcash();
    file = fixturePath('unified');
    model = await openSimCashFile(file);
    const simulations = await listSimulations(model);
    const found = simulations.find((s) => s.run_purpose === 'evaluation' && s.persistence_level === 'full' && s.iteration === 5);
    assert.ok(found, 'the unified fixture has a full-level evaluation run in iteration 5');
    evaluation = found;
    session = await ReplaySession.open(model, evaluation.simulation_id);
  });

  after(async () => {
    await model?.close();
  });

  afterEach(async () => {
    await closeAllEditors();
    await closeAllDatabases(api);
  });

  it('contributes its commands under the SimCash category', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(REPLAY_COMMANDS.filter((c) => !registered.has(c)), [], 'registered');
    const contributed = (vscode.extensions.getExtension('simcash.simcash-vscode')?.packageJSON as { contributes: { commands: Array<{ command: string; category?: string }> } }).contributes.commands;
    for (const id of REPLAY_COMMANDS) {
      assert.equal(contributed.find((c) => c.command === id)?.category, 'SimCash', `${id} in the SimCash category`);
    }
  });

  it('opens at tick 0, steps, and shows the same balances as the fold and the stored snapshots', async () => {
    const result = await withTimeout(vscode.commands.executeCommand('simcash.openReplay', file, evaluation.simulation_id), 60_000, 'simcash.openReplay');
    assert.deepEqual(result, { opened: { filePath: file, simulationId: evaluation.simulation_id } });
    const panel = await readyPanel(api, evaluation.simulation_id);
    assert.equal(panel.controller.tick, 0);
    assert.ok(panel.panel.visible, 'the panel is shown');
    const tab = allTabs().find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('simcash.replay'));
    assert.ok(tab, 'a replay tab is open');
    assert.equal(tab.label, 'Replay: iter5:eval');

    const expected = async (tick: number) => {
      const fold = await session.stateAt(tick);
      const snapshot = await tickAgentStates(model, evaluation.simulation_id, tick, tick);
      return { fold: Object.fromEntries(fold.agents.map((a) => [a.id, a.balance])), snapshot: Object.fromEntries(snapshot.map((r) => [r.agent_id, r.balance])) };
    };
    let want = await expected(0);
    assert.deepEqual(balancesOf(panel.controller.lastView), want.fold);
    assert.deepEqual(balancesOf(panel.controller.lastView), want.snapshot);

    for (let tick = 1; tick <= 3; tick++) {
      await vscode.commands.executeCommand('simcash.replay.stepForward');
      assert.equal(panel.controller.tick, tick);
      want = await expected(tick);
      assert.deepEqual(balancesOf(panel.controller.lastView), want.fold, `fold at tick ${tick}`);
      assert.deepEqual(balancesOf(panel.controller.lastView), want.snapshot, `snapshot at tick ${tick}`);
      assert.deepEqual(panel.controller.lastView?.snapshot, [], `no disagreement at tick ${tick}`);
    }
    await vscode.commands.executeCommand('simcash.replay.stepBack');
    assert.equal(panel.controller.tick, 2);
    await vscode.commands.executeCommand('simcash.replay.nextEvent', 'end_of_day');
    assert.equal(panel.controller.tick, session.nextTickWith('end_of_day', 2));
    await vscode.commands.executeCommand('simcash.replay.goToTick', 7);
    assert.equal(panel.controller.tick, 7);
    assert.deepEqual(balancesOf(panel.controller.lastView), (await expected(7)).fold);
  });

  it('opens another view’s (file, simulation, tick) at that tick, and reveals an open panel instead of a second one', async () => {
    await vscode.commands.executeCommand('simcash.openReplay', file, evaluation.simulation_id, 9);
    const panel = await readyPanel(api, evaluation.simulation_id);
    assert.equal(panel.controller.tick, 9);
    await vscode.commands.executeCommand('simcash.openReplay', { filePath: file, simulationId: evaluation.simulation_id, tick: 4 });
    assert.equal(api.replay.all.length, 1, 'one panel per simulation');
    assert.equal(panel.controller.tick, 4);
  });

  it('iteration → "Open Simulation Replay" opens its evaluation simulation at tick 0', async () => {
    await api.registry.open(file);
    const root = await waitFor(() => databaseRoot(api, file), `a tree root for ${file}`);
    const experiments = await child(api, root, 'Experiments');
    const experiment = (await children(api, experiments)).find((e) => (e.node as { experimentId?: string }).experimentId === evaluation.experiment_id);
    assert.ok(experiment, `experiment ${evaluation.experiment_id} in the tree`);
    const iteration: ShownNode = await child(api, experiment, 'Iteration 5');
    assert.equal(iteration.item.contextValue, 'iteration');
    const result = await vscode.commands.executeCommand('simcash.openIterationReplay', iteration.node);
    assert.deepEqual(result, { opened: { filePath: file, simulationId: evaluation.simulation_id } });
    const panel = await readyPanel(api, evaluation.simulation_id);
    assert.equal(panel.controller.tick, 0);
    assert.deepEqual(balancesOf(panel.controller.lastView), Object.fromEntries((await session.stateAt(0)).agents.map((a) => [a.id, a.balance])));

    // A simulation item: "Open Replay" on the evaluation run itself.
    const simulationItems = await children(api, iteration);
    const evaluationItem = simulationItems.find((s) => s.item.contextValue === 'simulation.replayable');
    assert.ok(evaluationItem);
    await closeAllEditors();
    await vscode.commands.executeCommand('simcash.openReplay', evaluationItem.node);
    await readyPanel(api, evaluation.simulation_id);
  });

  it('an iteration with nothing replayable says why, with the persistence levels', async () => {
    const simulations = await listSimulations(model);
    const none = simulations.find((s) => s.experiment_id === evaluation.experiment_id && s.run_purpose === 'evaluation' && !s.replayable && s.iteration !== null);
    assert.ok(none?.iteration !== null && none?.iteration !== undefined);
    const result = (await vscode.commands.executeCommand('simcash.openIterationReplay', {
      kind: 'iteration',
      filePath: file,
      experimentId: evaluation.experiment_id,
      iteration: none.iteration,
    })) as { message?: string };
    assert.match(result.message ?? '', /has no replayable simulation: its evaluation simulation was stored at the summary level/);
    assert.equal(api.replay.all.length, 0, 'no panel opened');
  });

  it('"Replay Simulation…" takes an experiment and a shorthand such as iter5:eval', async () => {
    const result = await vscode.commands.executeCommand('simcash.replaySimulation', file, 'iter5:eval', evaluation.experiment_id);
    assert.deepEqual(result, { opened: { filePath: file, simulationId: evaluation.simulation_id } });
    await readyPanel(api, evaluation.simulation_id);
    const again = await vscode.commands.executeCommand('simcash.replaySimulation', file, `${evaluation.experiment_name} iter5:eval`);
    assert.deepEqual(again, { opened: { filePath: file, simulationId: evaluation.simulation_id } });
  });

  it('a summary-level simulation opens the explanation, with the nearest replayable simulation of its iteration', async () => {
    const simulations = await listSimulations(model);
    const summary = simulations.find((s) => s.persistence_level === 'summary' && s.iteration === 5 && s.run_purpose === 'bootstrap');
    assert.ok(summary);
    await vscode.commands.executeCommand('simcash.openReplay', file, summary.simulation_id);
    const panel = await waitFor(() => api.replay.all.find((p) => p.target.simulationId === summary.simulation_id && p.controller.state === 'not-replayable'), 'the explanation', 60_000);
    assert.equal(panel.controller.session, null);
  });
});
