/**
 * Replay playback in a real VS Code (the packaged .vsix in code-server, headless Chromium, as the e2e tests run it):
 * opens the largest simulation of a database from the SimCash editor's "Replay" action, times the panel's opening
 * as a person sees it, then plays at 30 ticks per second for five seconds while the webview records every animation
 * frame (requestAnimationFrame timestamps), every tick it draws, and every long task (> 50 ms).
 * Usage: node out/benchmarks/suites/replayPlayback.js FILE [SIM_ID] [--speed 30] [--seconds 5] [--lists] [--profile] [--trace]
 * → one JSON object (--lists: the lists scrolled into view; --profile, --trace: where the time goes, to stderr).
 * Needs `npm run package` (dist/simcash-vscode.vsix) and code-server (scripts/tools/install-code-server.sh).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import type { Protocol } from 'playwright-core/types/protocol';
import { listSimulations, openSimCashFile } from '../../src/model';
import { activeWebview, explorerItem, hasText, openWorkbench, shown } from '../../test/e2e/workbench';
import { round, type Figures } from '../harness';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The page inside the active webview (VS Code nests it in two iframes), as a Frame that can evaluate scripts. */
async function webviewFrame(frames: () => Frame[], simulationId: string): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const found: Frame[] = [];
    for (const frame of frames()) {
      if (frame.isDetached()) continue;
      const title = await frame.evaluate('document.visibilityState === "visible" && document.querySelector("h1") ? document.querySelector("h1").textContent : ""').catch(() => '');
      if (typeof title === 'string' && title.includes(simulationId) && title.startsWith('Replay')) found.push(frame);
    }
    if (found.length > 1) console.error(`${found.length} replay webview frames; measuring the last one`);
    if (found.length > 0) return found[found.length - 1];
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the replay webview frame was not found');
}

/** Installed in the webview: records animation frames, the ticks drawn (from the status line) and long tasks. */
const RECORDER = `(() => {
  const rec = { frames: [], ticks: [], longTasks: [], messages: [], on: true };
  window.__replayBench = rec;
  window.addEventListener('message', (e) => { const d = e.data || {}; rec.messages.push([performance.now(), d.type, d.view ? d.view.tick : null, d.seq]); });
  const loop = (t) => { if (!rec.on) return; rec.frames.push(t); requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  const status = document.querySelector('.tick-status');
  new MutationObserver(() => {
    const m = /After tick ([\\d,]+)/.exec(status.textContent || '');
    if (m) rec.ticks.push([performance.now(), Number(m[1].replace(/,/g, ''))]);
  }).observe(status, { childList: true, subtree: true, characterData: true });
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) rec.longTasks.push(e.duration); }).observe({ type: 'longtask' });
  } catch (e) { /* not supported: none recorded */ }
  return true;
})()`;

interface Recording {
  frames: number[];
  ticks: Array<[number, number]>;
  longTasks: number[];
}

type CpuProfile = Protocol.Profiler.Profile;

/** Self time by script (and the top functions), to stderr. */
function printProfile(profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const scripts = new Map<string, number>();
  const functions = new Map<string, number>();
  (profile.samples ?? []).forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const us = profile.timeDeltas?.[i] ?? 0;
    const script = frame?.url ? (frame.url.split('?')[0].split('/').pop() ?? frame.url) : (frame?.functionName ?? '?');
    scripts.set(script, (scripts.get(script) ?? 0) + us);
    const fn = `${frame?.functionName || '(anonymous)'} ${script}:${frame?.lineNumber ?? 0}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  });
  const top = (map: Map<string, number>, n: number) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`);
  console.error(['CPU by script:', ...top(scripts, 12), 'CPU by function:', ...top(functions, 15)].join('\n'));
}

/** Animation frames between two times: the gaps, their median, and the frames dropped. */
function frameFigures(all: number[], from: number, to: number): { frames: number[]; gaps: number[]; median: number; dropped: number } {
  const frames = all.filter((t) => t >= from && t <= to);
  const gaps = frames.slice(1).map((t, i) => t - frames[i]);
  const sorted = [...gaps].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 16.7;
  // A frame is dropped when the gap between two animation frames spans more than one refresh interval.
  const dropped = gaps.reduce((n, g) => n + (g > 1.5 * median ? Math.round(g / median) - 1 : 0), 0);
  return { frames, gaps, median, dropped };
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tid: number;
  pid: number;
  args?: { name?: string };
}

/** Complete trace events' time per thread and name (the top ones), to stderr. */
function printTrace(json: string): void {
  const parsed = JSON.parse(json) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const threads = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const totals = new Map<string, number>();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    const key = `${threads.get(`${e.pid}:${e.tid}`) ?? e.tid} ${e.name}`;
    totals.set(key, (totals.get(key) ?? 0) + e.dur);
  }
  const top = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30);
  console.error(['Trace (inclusive time per thread and event):', ...top.map(([k, v]) => `  ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`)].join('\n'));
}

async function measure(file: string, simulationArg: string | undefined): Promise<Figures> {
  const speed = option('--speed', 30);
  const seconds = option('--seconds', 5);
  const model = await openSimCashFile(file);
  const simulation = simulationArg ?? (await listSimulations(model)).reduce((a, b) => (b.event_count > a.event_count ? b : a)).simulation_id;
  const agents = (await listSimulations(model)).find((s) => s.simulation_id === simulation);
  await model.close();
  const name = path.basename(file);
  const wb = await openWorkbench('replay-playback', async (workspace) => {
    fs.mkdirSync(path.join(workspace, 'results'));
    // A link, not a copy: benchmark files are hundreds of MB.
    fs.symlinkSync(path.resolve(file), path.join(workspace, 'results', name));
  });
  const figures: Figures = { playback_speed: speed, playback_events: agents?.event_count ?? 0 };
  if (process.env.SIMCASH_BENCH_DEBUG) wb.page.on('console', (m) => m.type() === 'error' && console.error('[console]', m.text().slice(0, 300)));
  try {
    await explorerItem(wb.page, 'results').click();
    await explorerItem(wb.page, name).click();
    const overview = activeWebview(wb.page);
    const row = overview.getByRole('row').filter({ hasText: simulation });
    await shown(row.getByRole('button', { name: 'Replay' }), 180_000);
    const clicked = Date.now();
    await row.getByRole('button', { name: 'Replay' }).click();
    const view = activeWebview(wb.page);
    await hasText(view.locator('.tick-status'), 'After tick 0 ', 120_000);
    figures.playback_panel_open_ms = Date.now() - clicked;
    await wb.shot('opened');

    const frame = await webviewFrame(() => wb.page.frames(), simulation);
    figures.playback_agents = Number(await frame.evaluate('document.querySelectorAll("table.agents tbody tr").length'));
    await view.getByRole('combobox', { name: 'Playback speed, ticks per second' }).selectOption(String(speed));
    // --lists: scroll the lists (queued payments, the tick's events) into view, the heaviest part to redraw.
    if (process.argv.includes('--lists')) await frame.evaluate('document.querySelector(".columns").scrollIntoView({ block: "start" })');
    await frame.evaluate(RECORDER);
    // --profile: where the renderer's main thread (the workbench's and, in code-server, the webview's) spends playback.
    const profiling = process.argv.includes('--profile') ? await wb.page.context().newCDPSession(wb.page) : null;
    if (profiling) {
      await profiling.send('Profiler.enable');
      await profiling.send('Profiler.start');
    }
    // The same recorder with the panel paused first, as long: what the page drops with nothing changing (the baseline).
    const idleFrom = Number(await frame.evaluate('performance.now()'));
    await wb.page.waitForTimeout(seconds * 1000);
    const idleTo = Number(await frame.evaluate('performance.now()'));
    // --trace: where Chromium's threads spend playback (layout, paint, raster...), summed per trace event name.
    const tracing = process.argv.includes('--trace');
    if (tracing) await wb.browser.startTracing(wb.page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'gpu', 'viz'] });
    const startedAt = Number(await frame.evaluate('performance.now()'));
    await view.getByRole('button', { name: 'Play', exact: true }).click();
    await wb.page.waitForTimeout(seconds * 1000);
    await view.getByRole('button', { name: 'Pause', exact: true }).click();
    const stoppedAt = Number(await frame.evaluate('performance.now()'));
    if (profiling) printProfile((await profiling.send('Profiler.stop')).profile);
    if (tracing) printTrace((await wb.browser.stopTracing()).toString('utf8'));
    await wb.shot('after-playback');
    const rec = (await frame.evaluate('(() => { const r = window.__replayBench; r.on = false; return { frames: r.frames, ticks: r.ticks, longTasks: r.longTasks, messages: r.messages }; })()')) as Recording & { messages: unknown[] };
    if (process.env.SIMCASH_BENCH_DEBUG) console.error(JSON.stringify(rec.messages.slice(0, 40)));

    const { frames, gaps, median, dropped } = frameFigures(rec.frames, startedAt, stoppedAt);
    const idle = frameFigures(rec.frames, idleFrom, idleTo);
    figures.idle_dropped_frames = idle.dropped;
    figures.idle_frame_gap_max_ms = round(Math.max(0, ...idle.gaps));
    const duration = (stoppedAt - startedAt) / 1000;
    const ticks = rec.ticks.filter(([t]) => t >= startedAt && t <= stoppedAt).map(([, tick]) => tick);
    const distinct = new Set(ticks);
    const first = ticks[0] ?? 0;
    const last = ticks[ticks.length - 1] ?? 0;
    Object.assign(figures, {
      playback_seconds: round(duration),
      playback_frames: frames.length,
      playback_fps: round(frames.length / duration),
      playback_frame_interval_median_ms: round(median),
      playback_frame_gap_max_ms: round(Math.max(0, ...gaps)),
      playback_dropped_frames: dropped,
      playback_long_tasks: rec.longTasks.length,
      playback_ticks_drawn: distinct.size,
      playback_ticks_advanced: last - first + 1,
      playback_ticks_skipped: Math.max(0, last - first + 1 - distinct.size),
      playback_ticks_per_second: round(distinct.size / duration),
    });
  } finally {
    await wb.close();
  }
  return figures;
}

const args = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(all[i - 1] ?? '').startsWith('--'));
measure(args[0], args[1]).then(
  (figures) => console.log(JSON.stringify(figures)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
