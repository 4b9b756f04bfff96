import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { countSimulations, iterationSimulations, listExperiments, listIterations, listSimulations, openSimCashFile, type SimCashFile } from '../../../src/model';
import type { SimCashTestApi } from '../../../src/extension';
import { child, children, closeAllDatabases, databaseRoot, fixturePath, simcash, type ShownNode } from './helpers';

/** The context value the tree gives a simulation, which menus (copy id, replay) match on. */
const simulationContext = (replayable: boolean) => (replayable ? 'simulation.replayable' : 'simulation');

describe('SimCash tree', () => {
  let api: SimCashTestApi;
  let model: SimCashFile;
  let root: ShownNode;
  const file = () => fixturePath('unified');

  before(async () => {
    api = await simcash();
    await closeAllDatabases(api);
    await api.registry.open(file());
    // The expected values come from the project's own query layer, read on this thread independently of the
    // extension's copy (which lives in a worker).
    model = await openSimCashFile(file());
    const found = await databaseRoot(api, file());
    assert.ok(found, `no root for ${file()} after opening it`);
    root = found;
  });

  after(async () => {
    await model?.close();
    if (api) await closeAllDatabases(api);
  });

  it('shows one root per open database, named after the file', async () => {
    const roots = await children(api);
    assert.deepEqual(
      roots.map((r) => r.label),
      [path.basename(file())],
    );
    assert.equal(root.item.contextValue, 'database');
  });

  it('lists Experiments and Standalone simulations with their counts', async () => {
    const kids = await children(api, root);
    assert.deepEqual(
      kids.map((k) => k.label),
      ['Experiments', 'Standalone simulations'],
    );
    const experiments = await listExperiments(model);
    const standalone = await countSimulations(model, { scope: 'standalone' });
    assert.ok(experiments.length > 0 && standalone > 0, 'the unified demo should hold both experiments and standalone simulations');
    assert.match(String(kids[0].item.description), new RegExp(`\\b${experiments.length}\\b`));
    assert.match(String(kids[1].item.description), new RegExp(`\\b${standalone}\\b`));
  });

  it('lists every experiment by name', async () => {
    const shown = await children(api, await child(api, root, 'Experiments'));
    const experiments = await listExperiments(model);
    assert.deepEqual(
      shown.map((e) => e.label),
      experiments.map((e) => e.experiment_name || e.experiment_id),
    );
    assert.ok(shown.every((e) => e.item.contextValue === 'experiment'));
  });

  it('shows experiment → iterations → simulations, marking the replayable ones', async () => {
    const experimentsNode = await child(api, root, 'Experiments');
    const experiments = await listExperiments(model);
    let replayableSeen = 0;
    let otherSeen = 0;
    for (const experiment of experiments) {
      const experimentNode = await child(api, experimentsNode, experiment.experiment_name || experiment.experiment_id);
      const iterations = await listIterations(model, experiment.experiment_id);
      const shownIterations = await children(api, experimentNode);
      assert.equal(shownIterations.length, iterations.length, `iterations of ${experiment.experiment_id}`);
      for (const [i, iteration] of iterations.entries()) {
        assert.equal(shownIterations[i].item.contextValue, 'iteration');
        const expected = await iterationSimulations(model, experiment.experiment_id, iteration.iteration);
        const shown = await children(api, shownIterations[i]);
        assert.deepEqual(
          shown.map((s) => s.item.contextValue),
          expected.map((s) => simulationContext(s.replayable)),
          `simulations of ${experiment.experiment_id} iteration ${iteration.iteration}`,
        );
        replayableSeen += expected.filter((s) => s.replayable).length;
        otherSeen += expected.filter((s) => !s.replayable).length;
      }
    }
    // The demo uses smart persistence: some linked simulations keep their events, most do not.
    assert.ok(replayableSeen > 0 && otherSeen > 0, `expected both replayable and other simulations (${replayableSeen} / ${otherSeen})`);
  });

  it('lists the standalone simulations by id', async () => {
    const shown = await children(api, await child(api, root, 'Standalone simulations'));
    const expected = await listSimulations(model, { scope: 'standalone' });
    assert.deepEqual(
      shown.map((s) => s.label),
      expected.map((s) => s.simulation_id),
    );
    assert.deepEqual(
      shown.map((s) => s.item.contextValue),
      expected.map((s) => simulationContext(s.replayable)),
    );
  });

  it('shows a legacy simulation-only file without an Experiments node', async () => {
    const legacy = fixturePath('legacySimulation');
    await api.registry.open(legacy);
    const legacyModel = await openSimCashFile(legacy);
    try {
      const legacyRoot = await databaseRoot(api, legacy);
      assert.ok(legacyRoot, 'no root for the legacy file');
      const kids = await children(api, legacyRoot);
      assert.deepEqual(
        kids.map((k) => k.label),
        ['Standalone simulations'],
      );
      const shown = await children(api, kids[0]);
      assert.equal(shown.length, await countSimulations(legacyModel, { scope: 'standalone' }));
    } finally {
      await legacyModel.close();
      await api.registry.close(legacy);
    }
  });
});
