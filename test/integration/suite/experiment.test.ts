/**
 * The experiment panel in a real VS Code: opened from the tree, the overview's message and the palette command;
 * what its host side sends (the webview's DOM is out of reach here) compared with the database, read independently
 * with plain SQL on this thread.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openSimCashFile, type SimCashFile } from '../../../src/model';
import type { SimCashTestApi } from '../../../src/extension';
import { EXPERIMENT_VIEW_TYPE } from '../../../src/protocol/experiment';
import { allTabs, child, children, closeAllDatabases, closeAllEditors, databaseRoot, fixturePath, simcash, waitFor, withTimeout } from './helpers';

type Row = Record<string, unknown>;
const OPEN = 'simcash.openExperiment';

/** Plain SQL on the fixture, read on this thread (the extension's copy lives in its worker). */
async function rows(file: SimCashFile, sql: string, params: Array<string | number> = []): Promise<Row[]> {
  return file.db.query(sql, params);
}

function experimentTabs(): vscode.Tab[] {
  return allTabs().filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(EXPERIMENT_VIEW_TYPE));
}

describe('Experiment panel', function () {
  let api: SimCashTestApi;
  let unified: SimCashFile;
  let castro: SimCashFile;
  let legacy: SimCashFile;

  before(async () => {
    api = await simcash();
    unified = await openSimCashFile(fixturePath('unified'));
    castro = await openSimCashFile(fixturePath('castro'));
    legacy = await openSimCashFile(fixturePath('legacyExperiment'));
  });

  afterEach(async () => {
    await closeAllEditors();
    await closeAllDatabases(api);
  });

  after(async () => {
    await Promise.all([unified, castro, legacy].map((f) => f?.close()));
  });

  it('is contributed: the command, its tree menus and the panel restore event', () => {
    const pkg = vscode.extensions.getExtension('simcash.simcash-vscode')?.packageJSON as {
      activationEvents: string[];
      contributes: { commands: { command: string; title: string }[]; menus: Record<string, { command: string; when?: string }[]> };
    };
    assert.ok(pkg.contributes.commands.some((c) => c.command === OPEN && c.title === 'Open Experiment…'));
    const treeMenus = pkg.contributes.menus['view/item/context'].filter((m) => m.command === OPEN);
    assert.ok(treeMenus.some((m) => m.when?.includes('viewItem == experiment')), 'no menu entry on experiment items');
    assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${EXPERIMENT_VIEW_TYPE}`));
  });

  it('opens from the tree; its header facts, iterations and linked simulations equal the database', async () => {
    const file = fixturePath('unified');
    await api.registry.open(file);
    const root = await waitFor(() => databaseRoot(api, file), 'the tree root');
    const [experiment] = await rows(unified, "SELECT * FROM experiments WHERE experiment_type = 'generic'");
    const id = String(experiment.experiment_id);
    const node = await child(api, await child(api, root, 'Experiments'), String(experiment.experiment_name));
    assert.equal(node.item.contextValue, 'experiment', 'the menus match on this context value');
    // Clicking the item still expands it; the panel opens from its inline/context action (this command).
    assert.equal(node.item.command, undefined);

    await withTimeout(vscode.commands.executeCommand(OPEN, node.node), 30_000, OPEN);
    const panel = await waitFor(() => api.experiments.find(file, id), 'the experiment panel');
    const data = await withTimeout(panel.whenLoaded(), 30_000, 'the panel data');
    const title = `Experiment ${String(experiment.experiment_name)}`;
    await waitFor(() => experimentTabs().length === 1 && experimentTabs()[0].label === title, `one tab titled "${title}"`);

    const h = data.header;
    const config = JSON.parse(String(experiment.config)) as { optimizer: { kind: string }; output: { persistence_level: string; persistence_policy: string } };
    assert.deepEqual(
      [h.experimentId, h.name, h.type, h.createdAt, h.completedAt, h.masterSeed, h.scenarioPath, h.converged, h.convergenceReason, h.finalCost, h.bestCost, h.numIterations],
      [
        experiment.experiment_id, experiment.experiment_name, experiment.experiment_type, experiment.created_at, experiment.completed_at, experiment.master_seed,
        experiment.scenario_path, experiment.converged === 1, experiment.convergence_reason, experiment.final_cost, experiment.best_cost, experiment.num_iterations,
      ],
    );
    assert.match(h.optimizer.label, new RegExp(config.optimizer.kind));
    assert.deepEqual([h.persistence.level, h.persistence.policy], [config.output.persistence_level, config.output.persistence_policy]);

    const iterations = await rows(unified, 'SELECT * FROM experiment_iterations WHERE experiment_id = ? ORDER BY iteration', [id]);
    assert.deepEqual(
      data.iterations.map((it) => [it.iteration, it.costs, it.evaluation?.simulationId ?? null, it.bootstrapIds]),
      iterations.map((it) => [it.iteration, JSON.parse(String(it.costs_per_agent)), it.evaluation_simulation_id, JSON.parse(String(it.bootstrap_simulation_ids))]),
    );
    const replayable = await rows(unified, 'SELECT simulation_id FROM simulation_runs r WHERE experiment_id = ? AND EXISTS (SELECT 1 FROM simulation_events e WHERE e.simulation_id = r.simulation_id)', [id]);
    const marked = data.iterations.flatMap((it) => [...(it.evaluation?.replayable ? [it.evaluation.simulationId] : []), ...it.bootstrapReplayable.map((r) => r.simulationId)]);
    assert.deepEqual(marked.sort(), replayable.map((r) => String(r.simulation_id)).sort());
    const [{ n }] = await rows(unified, 'SELECT COUNT(*) AS n FROM simulation_runs WHERE experiment_id = ?', [id]);
    assert.equal(h.linkedSimulations, n);

    // Asking again shows the same panel.
    await vscode.commands.executeCommand(OPEN, { filePath: file, experimentId: id });
    assert.equal(api.experiments.find(file, id), panel);
    assert.equal(experimentTabs().length, 1);
  });

  it('shows the known parameter change in the diff of two iterations', async () => {
    const file = fixturePath('unified');
    const [experiment] = await rows(unified, "SELECT experiment_id FROM experiments WHERE experiment_type = 'generic'");
    const id = String(experiment.experiment_id);
    await vscode.commands.executeCommand(OPEN, file, id);
    const panel = await waitFor(() => api.experiments.find(file, id), 'the experiment panel');
    await panel.whenLoaded();
    const [first, second] = (await rows(unified, 'SELECT policies FROM experiment_iterations WHERE experiment_id = ? AND iteration IN (0, 1) ORDER BY iteration', [id])).map(
      (r) => JSON.parse(String(r.policies)) as Record<string, { parameters: Record<string, number> }>,
    );
    const agent = Object.keys(first).find((a) => first[a].parameters.initial_liquidity_fraction !== second[a].parameters.initial_liquidity_fraction);
    assert.ok(agent);
    const answer = await panel.session.answer({ type: 'diff', agentId: agent, a: 0, b: 1 });
    assert.equal(answer.type, 'diff');
    if (answer.type !== 'diff') return;
    const change = answer.diff.parameters.find((p) => p.name === 'initial_liquidity_fraction');
    assert.deepEqual(change && [change.before, change.after], [String(first[agent].parameters.initial_liquidity_fraction), String(second[agent].parameters.initial_liquidity_fraction)]);
  });

  it('shows the LLM interactions of a castro sample', async () => {
    const file = fixturePath('castro');
    const [game] = await rows(castro, 'SELECT game_id FROM game_sessions ORDER BY game_id LIMIT 1');
    const id = String(game.game_id);
    await vscode.commands.executeCommand(OPEN, file, id);
    const panel = await waitFor(() => api.experiments.find(file, id), 'the castro panel');
    const data = await panel.whenLoaded();
    assert.equal(data.header.type, 'castro');
    assert.equal(data.header.linkage, 'none');
    const log = await rows(castro, 'SELECT rowid AS key, iteration_number, agent_id, raw_response FROM llm_interaction_log WHERE game_id = ? ORDER BY iteration_number, agent_id', [id]);
    assert.ok(log.length > 0);
    assert.deepEqual(
      data.llm.map((l) => [l.key, l.iteration, l.agentId]),
      log.map((r) => [String(r.key), r.iteration_number, r.agent_id]),
    );
    const answer = await panel.session.answer({ type: 'llmInteraction', key: data.llm[0].key });
    assert.ok(answer.type === 'llmInteraction' && answer.interaction);
    assert.equal(answer.interaction.rawResponse, log[0].raw_response);
  });

  it('on a legacy experiment file says simulations are not linked and points to the migration', async () => {
    const file = fixturePath('legacyExperiment');
    const [run] = await rows(legacy, 'SELECT run_id FROM experiments ORDER BY run_id LIMIT 1');
    const id = String(run.run_id);
    await vscode.commands.executeCommand(OPEN, { filePath: file, experimentId: id });
    const panel = await waitFor(() => api.experiments.find(file, id), 'the legacy panel');
    const data = await panel.whenLoaded();
    assert.equal(data.header.linkage, 'inferred');
    assert.match(data.header.notes[0], /simulations are not linked.*SimCash: Migrate Database/s);
    const [{ n }] = await rows(legacy, 'SELECT COUNT(*) AS n FROM experiment_iterations WHERE run_id = ?', [id]);
    assert.equal(data.iterations.length, n);
    assert.ok(Object.keys(data.eventTypes).length > 0, 'the experiment events are listed');
  });

  it('offers events and replay only where those commands exist, and forgets a closed panel', async () => {
    const file = fixturePath('unified');
    const [experiment] = await rows(unified, 'SELECT experiment_id FROM experiments LIMIT 1');
    const id = String(experiment.experiment_id);
    await vscode.commands.executeCommand(OPEN, file, id);
    const panel = await waitFor(() => api.experiments.find(file, id), 'the panel');
    const data = await panel.whenLoaded();
    const commands = new Set(await vscode.commands.getCommands(true));
    assert.equal(data.actions.showEvents, commands.has('simcash.showEvents'));
    assert.equal(data.actions.openReplay, commands.has('simcash.openReplay'));
    panel.dispose();
    await waitFor(() => api.experiments.find(file, id) === undefined, 'the panel to be forgotten');
    await waitFor(() => experimentTabs().length === 0, 'its tab to close');
  });

  it("opens a replayable linked simulation's events and replay through those views' commands", async () => {
    const file = fixturePath('unified');
    const [experiment] = await rows(unified, "SELECT experiment_id FROM experiments WHERE experiment_type = 'generic'");
    const id = String(experiment.experiment_id);
    await vscode.commands.executeCommand(OPEN, file, id);
    const panel = await waitFor(() => api.experiments.find(file, id), 'the panel');
    const data = await panel.whenLoaded();
    const replayable = data.iterations.map((it) => it.evaluation).find((e) => e?.replayable);
    assert.ok(replayable, 'the demo keeps some evaluation runs with events');
    const webviewTab = (viewType: string) => allTabs().find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType));
    for (const [action, viewType] of [
      ['events', 'simcash.events'],
      ['replay', 'simcash.replay'],
    ] as const) {
      const command = action === 'events' ? 'simcash.showEvents' : 'simcash.openReplay';
      if (!data.actions[action === 'events' ? 'showEvents' : 'openReplay']) {
        assert.equal((await vscode.commands.getCommands(true)).includes(command), false);
        continue;
      }
      await withTimeout(panel.openSimulation(replayable.simulationId, action), 30_000, `${action} of ${replayable.simulationId}`);
      await waitFor(() => webviewTab(viewType), `a ${viewType} tab`);
    }
  });

  it('follows the database when it is read again', async () => {
    const file = fixturePath('unified');
    const [experiment] = await rows(unified, 'SELECT experiment_id FROM experiments LIMIT 1');
    const id = String(experiment.experiment_id);
    await vscode.commands.executeCommand(OPEN, file, id);
    const panel = await waitFor(() => api.experiments.find(file, id), 'the panel');
    const before = panel.whenLoaded();
    await before;
    await api.registry.reload(file);
    await waitFor(() => panel.whenLoaded() !== before, 'a new load after the reload');
    assert.equal((await panel.whenLoaded()).header.experimentId, id);
  });

  it('lists the experiments of the chosen database in the palette flow', async () => {
    // The quick picks cannot be driven from here; a database without experiments ends the flow with a message.
    const file = fixturePath('legacySimulation');
    await vscode.commands.executeCommand(OPEN, file);
    assert.equal(api.experiments.all.length, 0);
    const roots = await children(api);
    assert.ok(roots.length >= 1, 'the database was opened for the pick');
  });
});
