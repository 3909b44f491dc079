// bench/js/driver.mjs — the official JS client (@supabase/auth-js) on Node.
//
// usage: node driver.mjs OP THREADS CALLS WARMUP [promises|workers]
//          OP = sign_in | get_user | refresh | get_claims_es256 | get_claims_rs256
//        node --expose-gc driver.mjs footprint CYCLES WARMUP_CYCLES
// THREADS > 1:
//   promises (default): ONE client, THREADS concurrent async loops on Node's single event loop.
//   workers: THREADS worker_threads, each with ITS OWN client (auth-js clients cannot be shared
//            across isolates), all started together; latencies merged.
// Same environment and one-line JSON output as bench/c/driver.c.
import { GoTrueClient } from '@supabase/auth-js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const env = process.env;
const VERSION = createRequire(import.meta.url)('@supabase/auth-js/package.json').version;

function makeClient() {
  const key = env.BENCH_API_KEY;
  return new GoTrueClient({
    url: env.BENCH_URL,
    headers: { apikey: key, Authorization: `Bearer ${key}` },
    autoRefreshToken: false,
    persistSession: false,
    detectSessionInUrl: false,
  });
}

const creds = () => ({ email: env.BENCH_EMAIL, password: env.BENCH_PASSWORD });

function must({ data, error }) {
  if (error) throw error;
  return data;
}

function status(field) {
  const m = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${field}:\\s+(\\d+)`, 'm'));
  return m ? Number(m[1]) : -1;
}

// One lane: sign in, then a closure doing one measured call.
async function makeLane(client, op, i) {
  const s = must(await client.signInWithPassword(creds())).session;
  let access = s.access_token;
  let refresh = s.refresh_token;
  const tok = op === 'get_claims_rs256' ? env.BENCH_TOKEN_RS256 : env.BENCH_TOKEN_ES256;
  switch (op) {
    case 'sign_in':
      return async () => { access = must(await client.signInWithPassword(creds())).session.access_token; };
    case 'get_user':
      return async () => { if (!must(await client.getUser(access)).user.id) throw new Error('no user id'); };
    case 'refresh':
      return async () => {
        const sess = must(await client.refreshSession({ refresh_token: refresh })).session;
        access = sess.access_token;
        refresh = sess.refresh_token; // rotated, as on the server
      };
    case 'get_claims_es256':
    case 'get_claims_rs256':
      return async () => { if (!must(await client.getClaims(tok)).claims.sub) throw new Error('no sub'); };
    default:
      throw new Error(`unknown op ${op}`);
  }
}

const now = () => Number(process.hrtime.bigint());

// Runs `lanes` concurrent loops on one client; returns {lat: Float64Array(ns), t0, t1}.
async function runLanes(op, lanes, per, warmup, startGate) {
  const client = makeClient();
  await client.initialize();
  const calls = await Promise.all(Array.from({ length: lanes }, (_, i) => makeLane(client, op, i)));
  await Promise.all(calls.map(async (call) => { for (let k = 0; k < warmup; k++) await call(); }));
  if (startGate) await startGate();
  const lat = new Float64Array(lanes * per);
  const t0 = now();
  await Promise.all(calls.map(async (call, i) => {
    for (let k = 0; k < per; k++) {
      const t = now();
      await call();
      lat[i * per + k] = now() - t;
    }
  }));
  return { lat, t0, t1: now() };
}

function summarize(driver, op, threads, lat, wallNs, warmup, extra) {
  const a = Array.from(lat).sort((x, y) => x - y);
  const n = a.length;
  const mean = a.reduce((s, v) => s + v, 0) / n;
  return {
    driver, op, threads, ok: true, calls: n, warmup_per_thread: warmup,
    median_us: +(a[n >> 1] / 1000).toFixed(2), p99_us: +(a[Math.floor((n - 1) * 0.99)] / 1000).toFixed(2),
    mean_us: +(mean / 1000).toFixed(2), wall_s: +(wallNs / 1e9).toFixed(4), calls_per_s: +(n / (wallNs / 1e9)).toFixed(1),
    client: `@supabase/auth-js ${VERSION}`, node: process.version, ...extra,
  };
}

async function footprint(cycles, warm) {
  const gc = globalThis.gc ?? (() => {});
  gc();
  const rss0 = status('VmRSS');
  const client = makeClient();
  await client.initialize();
  must(await client.signInWithPassword(creds()));
  gc();
  const rssSi = status('VmRSS'), hwmSi = status('VmHWM');
  const cycle = async () => {
    must(await client.signInWithPassword(creds()));
    const { error } = await client.signOut();
    if (error) throw error;
  };
  for (let i = 0; i < warm; i++) await cycle();
  gc();
  const rssW = status('VmRSS');
  const t = now();
  for (let i = 0; i < cycles; i++) await cycle();
  const secs = (now() - t) / 1e9;
  gc();
  const rssE = status('VmRSS');
  return {
    driver: 'authjs', op: 'footprint', ok: true, rss_baseline_kib: rss0, rss_signed_in_kib: rssSi, hwm_signed_in_kib: hwmSi,
    warmup_cycles: warm, rss_after_warmup_kib: rssW, cycles, rss_after_cycles_kib: rssE, hwm_after_cycles_kib: status('VmHWM'),
    growth_kib: rssE - rssW, cycles_s: +secs.toFixed(3), note: 'baseline = node with auth-js imported; RSS read after gc()',
  };
}

async function main() {
  const [op, a, b, c, mode = 'promises'] = process.argv.slice(2);
  if (op === 'footprint') return footprint(Number(a), Number(b));
  const threads = Number(a), total = Number(b), warmup = Number(c);
  const per = Math.max(1, Math.floor(total / threads));
  if (threads === 1 || mode === 'promises') {
    const { lat, t0, t1 } = await runLanes(op, threads, per, warmup);
    return summarize('authjs', op, threads, lat, t1 - t0, warmup,
      { concurrency: threads === 1 ? 'sequential' : `${threads} concurrent promises on one client, one event loop` });
  }
  // workers: each worker signs in + warms up, reports ready, waits for "go".
  const workers = Array.from({ length: threads }, () => new Worker(new URL(import.meta.url), { workerData: { op, per, warmup } }));
  const msgs = (w) => new Promise((res, rej) => { w.once('message', res); w.once('error', rej); });
  await Promise.all(workers.map(msgs));
  const done = workers.map(msgs);
  const t0 = now();
  workers.forEach((w) => w.postMessage('go'));
  const results = await Promise.all(done);
  const wall = now() - t0;
  const lat = new Float64Array(threads * per);
  results.forEach((r, i) => lat.set(r.lat, i * per));
  await Promise.all(workers.map((w) => w.terminate()));
  return summarize('authjs-workers', op, threads, lat, wall, warmup,
    { concurrency: `${threads} worker_threads, each with its own client` });
}

if (isMainThread) {
  main().then(
    (r) => { console.log(JSON.stringify(r)); process.exit(0); },
    (e) => {
      const [op, threads] = process.argv.slice(2);
      console.log(JSON.stringify({ driver: 'authjs', op, threads: Number(threads) || 0, ok: false, error: String(e?.message ?? e) }));
      process.exit(1);
    },
  );
} else {
  const { op, per, warmup } = workerData;
  const gate = () => new Promise((res) => { parentPort.postMessage('ready'); parentPort.once('message', res); });
  runLanes(op, 1, per, warmup, gate).then(({ lat }) => parentPort.postMessage({ lat }, [lat.buffer]));
}
