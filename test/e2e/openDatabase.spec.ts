/**
 * Flow 1: a person opens a results database from the Explorer. The SimCash editor shows what the file holds and the
 * SimCash view in the Explorer fills with it. One screenshot per step in test-output/e2e/open-database/.
 */
import * as assert from 'node:assert/strict';
import { countSimulations, listExperiments, listSimulations, openSimCashFile } from '../../src/model';
import { activeWebview, expandViewPane, explorerItem, hasText, openWorkbench, shown, treeRow, type Workbench, writeResultsDatabase } from './workbench';

interface Expected {
  experimentNames: string[];
  standaloneCount: number;
  firstStandaloneId: string;
}

describe('Flow 1: open a results database from the Explorer', function () {
  let wb: Workbench;
  let expected: Expected;

  before(async function () {
    wb = await openWorkbench('open-database', async (workspace) => {
      const db = await writeResultsDatabase(workspace, 'exp2.db');
      // What the screens must show, read from the file with the project's own query layer.
      const file = await openSimCashFile(db);
      try {
        const experiments = await listExperiments(file);
        const standalone = await listSimulations(file, { scope: 'standalone' });
        expected = {
          experimentNames: experiments.map((e) => e.experiment_name || e.experiment_id),
          standaloneCount: await countSimulations(file, { scope: 'standalone' }),
          firstStandaloneId: standalone[0]?.simulation_id ?? '',
        };
      } finally {
        await file.close();
      }
      assert.ok(expected.experimentNames.length > 0 && expected.standaloneCount > 0, 'the unified demo should hold experiments and standalone simulations');
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.shot('failure').catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
  });

  it('shows the workspace in the Explorer', async () => {
    await shown(explorerItem(wb.page, 'results'));
    await wb.shot('workbench');
  });

  it('expands results and shows exp2.db', async () => {
    await explorerItem(wb.page, 'results').click();
    await shown(explorerItem(wb.page, 'exp2.db'));
    await wb.shot('results-expanded');
  });

  it('opens exp2.db in the SimCash editor, which shows the file kind', async () => {
    await explorerItem(wb.page, 'exp2.db').click();
    await hasText(wb.page.locator('.tabs-container .tab.active'), 'exp2.db');
    const view = activeWebview(wb.page);
    await shown(view.getByRole('heading', { level: 1, name: 'exp2.db' }));
    await shown(view.getByText('SimCash unified database'));
    await wb.shot('simcash-editor');
  });

  it('the editor lists the experiments and the standalone simulations', async () => {
    const view = activeWebview(wb.page);
    await shown(view.getByRole('heading', { name: `Experiments (${expected.experimentNames.length})` }));
    for (const name of expected.experimentNames) await shown(view.getByText(name, { exact: true }));
    await shown(view.getByRole('heading', { name: `Standalone simulations (${expected.standaloneCount})` }));
    const firstStandalone = view.getByText(expected.firstStandaloneId, { exact: true });
    await firstStandalone.scrollIntoViewIfNeeded();
    await shown(firstStandalone);
    await wb.shot('simcash-editor-standalone');
  });

  it('the SimCash view in the Explorer shows the database with Experiments and Standalone simulations', async () => {
    const pane = await expandViewPane(wb.page, 'SimCash');
    await shown(treeRow(pane, 'exp2.db'));
    await shown(treeRow(pane, 'Experiments'));
    await shown(treeRow(pane, 'Standalone simulations'));
    await wb.shot('simcash-view');
  });

  it('expanding Experiments shows the experiments by name', async () => {
    const pane = await expandViewPane(wb.page, 'SimCash');
    await treeRow(pane, 'Experiments').click();
    for (const name of expected.experimentNames) await shown(treeRow(pane, name));
    await wb.shot('simcash-view-experiments');
  });
});
