import * as vscode from 'vscode';
import type { EventsSettings } from './eventsController';

/** The events panel's settings (package.json `simcash.events.*`), read fresh on each call and clamped. */
export function eventsSettings(): EventsSettings {
  const config = vscode.workspace.getConfiguration('simcash.events');
  return {
    pageSize: clamp(config.get<number>('pageSize', 200), 50, 2000),
    cachedRows: clamp(config.get<number>('cachedRows', 4000), 500, 50_000),
    searchChunkEvents: clamp(config.get<number>('searchChunkEvents', 50_000), 5000, 1_000_000),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(Number.isFinite(value) ? value : min)));
}
