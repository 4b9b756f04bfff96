/**
 * Exporting an events panel's filtered events: the save dialog (which picks the format by extension), then the
 * streamed export with a cancellable progress notification. The panel's webview shows the same progress.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { EventExportFormat, ExportResult } from '../../model';
import type { EventsController } from './eventsController';
import { log } from '../../log';

const FILTERS: Record<EventExportFormat, Record<string, string[]>> = {
  csv: { 'CSV (comma-separated values)': ['csv'], 'JSON lines': ['jsonl'] },
  jsonl: { 'JSON lines': ['jsonl'], 'CSV (comma-separated values)': ['csv'] },
};

function formatOf(target: string, fallback: EventExportFormat): EventExportFormat {
  const ext = path.extname(target).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : fallback;
}

/** A file name that says what was exported, e.g. `sim-standalone-1-events-Arrival.csv`. */
function suggestedName(controller: EventsController, format: EventExportFormat): string {
  const f = controller.filter;
  const parts = [controller.simulationId, 'events'];
  if (f.eventTypes?.length === 1) parts.push(f.eventTypes[0]);
  if (f.agentId) parts.push(f.agentId);
  if (f.txId) parts.push(f.txId);
  if (f.day !== undefined) parts.push(`day${f.day}`);
  return `${parts.join('-').replace(/[^\w.-]+/g, '_')}.${format}`;
}

/**
 * Exports the controller's current filter. Without `target` the user picks the file; the format follows its
 * extension. Resolves with the result, or undefined when the dialog was dismissed.
 */
export async function exportWithProgress(
  controller: EventsController,
  options: { format?: EventExportFormat; target?: vscode.Uri; cancel?: AbortController } = {},
): Promise<ExportResult | undefined> {
  const requested = options.format ?? 'csv';
  const target =
    options.target ??
    (await vscode.window.showSaveDialog({
      title: `Export the events of ${controller.simulationId}`,
      saveLabel: 'Export',
      defaultUri: vscode.Uri.file(path.join(path.dirname(controller.filePath), suggestedName(controller, requested))),
      filters: FILTERS[requested],
    }));
  if (!target) return undefined;
  const format = options.format && options.target ? options.format : formatOf(target.fsPath, requested);
  const abort = options.cancel ?? new AbortController();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Exporting events of ${controller.simulationId}`, cancellable: true },
    async (progress, token) => {
      token.onCancellationRequested(() => abort.abort());
      let reported = 0;
      try {
        const result = await controller.exportTo(target.fsPath, format, {
          signal: abort.signal,
          onProgress: (done, total) => {
            const percent = total > 0 ? (100 * done) / total : 100;
            progress.report({ increment: percent - reported, message: `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events` });
            reported = percent;
          },
        });
        log().info(`Exported ${result.rows} events of ${controller.simulationId} to ${target.fsPath}${result.cancelled ? ' (cancelled, file removed)' : ''}`);
        if (result.cancelled) {
          void vscode.window.showInformationMessage('Export cancelled; no file was written.');
        } else if (!options.target) {
          void vscode.window.showInformationMessage(`Exported ${result.rows.toLocaleString('en-US')} events to ${path.basename(target.fsPath)}.`, 'Reveal').then((choice) => {
            if (choice === 'Reveal') void vscode.commands.executeCommand('revealFileInOS', target);
          });
        }
        return result;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log().error(`Export of ${controller.simulationId} failed: ${message}`);
        void vscode.window.showErrorMessage(`Export failed: ${message}`);
        throw error;
      }
    },
  );
}
