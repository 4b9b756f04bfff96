/**
 * Worker-thread entry: hosts one SqlJsEngine so that loading a file and running queries never block the
 * extension host's main thread. Each message is answered with the same id.
 */
import { parentPort } from 'node:worker_threads';
import { SqlJsEngine } from './sqlJsEngine';
import { DatabaseError } from './errors';
import type { WorkerRequest, WorkerResponse, WorkerResults } from './workerProtocol';

let engine: SqlJsEngine | undefined;

function requireEngine(): SqlJsEngine {
  if (!engine) {
    throw new DatabaseError('closed', '', 'No database is open in this worker.');
  }
  return engine;
}

async function handle(request: WorkerRequest): Promise<WorkerResults[keyof WorkerResults]> {
  switch (request.op) {
    case 'open':
      engine = await SqlJsEngine.open(request.path);
      return engine.info;
    case 'query':
      return requireEngine().query(request.sql, request.params);
    case 'exec':
      requireEngine().exec(request.sql);
      return null;
    case 'openCursor':
      return requireEngine().openCursor(request.sql, request.params);
    case 'next':
      return requireEngine().next(request.cursor, request.pageSize);
    case 'closeCursor':
      requireEngine().closeCursor(request.cursor);
      return null;
    case 'close':
      engine?.close();
      engine = undefined;
      return null;
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (result) => parentPort?.postMessage({ id: request.id, ok: true, result } satisfies WorkerResponse),
    (error: unknown) => {
      const failure =
        error instanceof DatabaseError
          ? { code: error.code, filePath: error.filePath, message: error.message }
          : { code: 'query' as const, filePath: engine?.info.path ?? '', message: error instanceof Error ? error.message : String(error) };
      parentPort?.postMessage({ id: request.id, ok: false, error: failure } satisfies WorkerResponse);
    },
  );
});
