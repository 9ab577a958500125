'use strict';
// The live page: a symbol's book kept from the relay's messages (docs/ws_relay.md: take a "book", apply the
// "diff"s marked applied, cut to "depth", drop the book at "resync", say so at "stopped"), its trades, its mid price, and the
// correlation heat map of the recorded symbols, of every exchange, from /metrics.
const params = new URLSearchParams(location.search);
const token = params.get('token');
const LEVELS = 20;
const wsBase = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host;

function withToken(q) {
  if (token) q.set('token', token);
  return q.toString();
}

const state = { ws: null, metrics: null, maxSymbols: 20, heatOf: "", bids: new Map(), asks: new Map(), depth: 0, valid: false, mids: [], trades: 0, dirty: false };

function setStatus(text, bad) {
  const s = document.getElementById('status');
  s.textContent = text;
  s.className = bad ? 'status bad' : 'status';
}

async function loadSymbols() {
  const r = await fetch('/symbols?' + withToken(new URLSearchParams()));
  const body = await r.json();
  const select = document.getElementById('symbol');
  select.innerHTML = '';
  for (const s of body.symbols) {
    const o = document.createElement('option');
    o.value = s.exchange + ':' + s.symbol_fs;
    o.textContent = s.exchange + ' ' + s.symbol + (s.live ? '' : ' (not live)');
    select.appendChild(o);
  }
  const wanted = wantedKey(body.symbols);
  if (wanted) select.value = wanted;
  state.maxSymbols = body.max_symbols_per_request || 20;
  select.onchange = () => { remember(select.value); open(select.value, body.symbols); };
  if (select.value) open(select.value, body.symbols);
}

// The address's symbol: ?symbol=kraken:BTCUSD (the page's own form), or the relay's ?exchange=kraken&symbol=BTC/USD,
// either name and any case; one not recorded here is said, and the first symbol shown instead.
function wantedKey(symbols) {
  const raw = params.get('symbol');
  document.getElementById('notice').textContent = '';
  if (!raw) return null;
  let exchange = params.get('exchange'), name = raw;
  const colon = raw.indexOf(':');
  if (colon > 0 && ['binance', 'kraken', 'bitfinex'].includes(raw.slice(0, colon).toLowerCase())) {
    exchange = raw.slice(0, colon);
    name = raw.slice(colon + 1);
  }
  const hit = findSymbol(symbols, exchange, name);
  if (!hit) {
    document.getElementById('notice').textContent = (exchange ? exchange.toLowerCase() + ' ' : '') + name + ' is not recorded here';
    return null;
  }
  return hit.exchange + ':' + hit.symbol_fs;
}

// A recorded symbol by either name in any case; Kraken's also by its legacy asset names (XBT/USD for BTC/USD),
// as the relay and /book take them (core's KrakenLegacyNames).
function findSymbol(symbols, exchange, name) {
  const upper = name.toUpperCase();
  const v2 = upper.replace(/XBT/g, 'BTC').replace(/XDG/g, 'DOGE');
  return symbols.find(s => (!exchange || s.exchange === exchange.toLowerCase())
    && [s.symbol.toUpperCase(), s.symbol_fs.toUpperCase()].some(n => n === upper || (s.exchange === 'kraken' && n === v2)));
}

// The chosen symbol goes into the address, so that it can be bookmarked or shared.
function remember(key) {
  const q = new URLSearchParams({ symbol: key });
  if (token) q.set('token', token);
  history.replaceState(null, '', '?' + q.toString());
  document.getElementById('notice').textContent = '';
}

function open(key, symbols) {
  const [exchange, symbolFs] = key.split(':');
  if (state.ws) state.ws.close();
  state.bids.clear(); state.asks.clear(); state.valid = false; state.stopped = false; state.mids = []; state.trades = 0;
  state.lastMessageAt = 0; state.key = key; state.health = null; state.healthAt = 0;
  document.getElementById('tape').innerHTML = '';
  const q = new URLSearchParams({ exchange, symbol: symbolFs });
  const ws = new WebSocket(wsBase + '/ws?' + withToken(q));
  state.ws = ws;
  setStatus('connecting to ' + key + '…');
  ws.onmessage = ev => onRelay(JSON.parse(ev.data));
  ws.onclose = ev => { if (state.ws === ws) { setStatus('disconnected (' + ev.code + ')', true); setTimeout(() => open(key, symbols), 2000); } };
  // the chosen symbol and every other recorded one, of any exchange (the same market across venues is the usual
  // question): the chosen exchange's first, then live ones, within what one request may name
  const others = symbols.filter(s => s.exchange + ':' + s.symbol_fs !== key)
    .sort((a, b) => (b.exchange === exchange) - (a.exchange === exchange) || (b.live === true) - (a.live === true))
    .map(s => s.exchange + ':' + s.symbol_fs);
  openMetrics([key, ...others].slice(0, state.maxSymbols), others.length + 1);
}

function setLevels(side, levels) {
  for (const [p, q] of levels) {
    const price = Number(p);
    if (Number(q) === 0) side.delete(price); else side.set(price, [p, q]);
  }
}

function cut(side, desc) {
  if (!state.depth || side.size <= state.depth) return;
  const keys = [...side.keys()].sort((a, b) => desc ? b - a : a - b);
  for (const k of keys.slice(state.depth)) side.delete(k);
}

function best(side, desc) {
  let b = null;
  for (const k of side.keys()) if (b === null || (desc ? k > b : k < b)) b = k;
  return b;
}

// how long the relay has sent nothing for the symbol; past a minute /health tells a quiet market (the recorder's
// ledger still gets its heartbeat rows) from a recorder that is gone
function showAge() {
  const el = document.getElementById('age');
  const quiet = state.lastMessageAt ? Math.floor((Date.now() - state.lastMessageAt) / 1000) : 0;
  const waiting = quiet >= 5 && !state.stopped;
  if (waiting && Date.now() - (state.healthAt || 0) >= 5000) {
    state.healthAt = Date.now();
    checkHealth(state.key);
  }
  const h = waiting ? state.health : null;
  let text = waiting ? 'no update for ' + quiet + ' s' : '';
  const expected = h && (h.quiet || h.window_closed);
  if (h && h.silent) text += h.window_closed ? ' · the trading window is closed: nothing is recorded until it opens'
    : h.quiet ? ' · a quiet market: the recorder is alive' : ' · no sign of the recorder';
  el.textContent = text;
  el.className = (h && h.silent ? !expected : quiet >= 60) ? 'age bad' : 'age';
}

async function checkHealth(key) {
  try {
    const r = await fetch('/health?' + withToken(new URLSearchParams()));
    const body = await r.json();
    const [exchange, symbolFs] = key.split(':');
    if (state.key === key) state.health = (body.symbols || []).find(s => s.exchange === exchange && s.symbol_fs === symbolFs) || null;
  } catch (e) {
    state.health = null;
  }
}

function onRelay(m) {
  state.lastMessageAt = Date.now();
  state.health = null; state.healthAt = 0;
  switch (m.type) {
    case 'book':
      state.stopped = false;
      state.bids.clear(); state.asks.clear();
      setLevels(state.bids, m.bids); setLevels(state.asks, m.asks);
      state.depth = m.depth || 0; state.valid = true;
      setStatus('live · epoch ' + m.epoch);
      mid(m.recv_ts_us);
      break;
    case 'resync':
      state.valid = false;
      setStatus('waiting for a book: ' + m.reason, true);
      break;
    case 'diff':
      if (state.stopped && m.recv_seq > state.stoppedSeq) {
        // the recorder records again
        state.stopped = false;
        setStatus(state.valid ? 'live · epoch ' + m.epoch : 'waiting for a book', !state.valid);
      }
      if (state.valid && m.applied) {
        setLevels(state.bids, m.b); setLevels(state.asks, m.a);
        cut(state.bids, true); cut(state.asks, false);
        mid(m.recv_ts_us);
      }
      break;
    case 'trade':
      addTrades(m.trades);
      break;
    case 'stopped':
      state.stopped = true; state.stoppedSeq = m.recv_seq;
      setStatus('recorder stopped at ' + new Date(m.ts_us / 1000).toISOString().substring(0, 19).replace('T', ' ')
        + ' UTC: the book as of then', true);
      break;
    case 'dropped':
      setStatus('dropped by the server: ' + m.reason, true);
      break;
  }
  state.dirty = true;
}

function mid(tsUs) {
  const b = best(state.bids, true), a = best(state.asks, false);
  if (b === null || a === null) return;
  state.mids.push([tsUs / 1000, (a + b) / 2]);
  if (state.mids.length > 2000) state.mids.splice(0, state.mids.length - 2000);
}

function addTrades(trades) {
  const tape = document.getElementById('tape');
  for (const t of trades) {
    const tr = document.createElement('tr');
    tr.className = 'trade ' + t.side;
    tr.innerHTML = '<td>' + new Date(t.ts_us / 1000).toISOString().substring(11, 23) + '</td><td>' + t.side + '</td><td>'
      + t.price + '</td><td>' + t.qty + '</td>';
    tape.insertBefore(tr, tape.firstChild);
    state.trades++;
  }
  while (tape.children.length > 100) tape.removeChild(tape.lastChild);
  tape.dataset.count = state.trades;
}

function render() {
  if (state.dirty) {
    state.dirty = false;
    const bids = [...state.bids.keys()].sort((x, y) => y - x).slice(0, LEVELS);
    const asks = [...state.asks.keys()].sort((x, y) => x - y).slice(0, LEVELS).reverse();
    fill('asks', 'ask', asks, state.asks);
    fill('bids', 'bid', bids, state.bids);
    const b = bids[0], a = asks[asks.length - 1];
    document.getElementById('spread').textContent = b !== undefined && a !== undefined ? spread(state.bids.get(b)[0], state.asks.get(a)[0]) : '';
    document.getElementById('bookinfo').textContent = state.valid ? state.bids.size + ' bids, ' + state.asks.size + ' asks' : '(no book)';
    drawMid();
  }
  requestAnimationFrame(render);
}

// the spread in the prices' own decimals (as the exchange quotes them) and in basis points of the mid
function spread(bidText, askText) {
  const decimals = t => (t.split('.')[1] || '').length;
  const d = Math.max(decimals(bidText), decimals(askText));
  const b = Number(bidText), a = Number(askText);
  return 'spread ' + (a - b).toFixed(d) + ' (' + ((a - b) / ((a + b) / 2) * 1e4).toFixed(2) + ' bps)';
}

function fill(id, cls, prices, side) {
  const body = document.getElementById(id);
  const rows = [];
  for (const p of prices) {
    const [pt, qt] = side.get(p);
    rows.push('<tr class="' + cls + '" data-price="' + pt + '"><td>' + pt + '</td><td>' + qt + '</td></tr>');
  }
  body.innerHTML = state.valid ? rows.join('') : '';
}

function drawMid() {
  const c = document.getElementById('mid');
  const g = c.getContext('2d');
  // draw at the size the page shows the canvas, in device pixels, so text and line are not stretched
  const dpr = window.devicePixelRatio || 1;
  const width = c.clientWidth || c.width, height = c.clientHeight || c.height;
  if (c.width !== Math.round(width * dpr) || c.height !== Math.round(height * dpr)) {
    c.width = Math.round(width * dpr); c.height = Math.round(height * dpr);
  }
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, width, height);
  g.font = '11px sans-serif';
  const pts = state.mids;
  c.dataset.points = pts.length;
  if (pts.length < 2) return;
  let lo = Infinity, hi = -Infinity;
  for (const [, v] of pts) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (hi === lo) { hi += 1e-9; lo -= 1e-9; }
  const t0 = pts[0][0], t1 = pts[pts.length - 1][0] || t0 + 1;
  const hiText = hi.toPrecision(8), loText = lo.toPrecision(8);
  // the line starts right of the price labels, so they never cover it
  const left = Math.ceil(Math.max(g.measureText(hiText).width, g.measureText(loText).width)) + 12;
  g.strokeStyle = '#6af'; g.lineWidth = 1.5; g.beginPath();
  pts.forEach(([t, v], i) => {
    const x = (t - t0) / Math.max(1, t1 - t0) * (width - left - 5) + left;
    const y = height - 5 - (v - lo) / (hi - lo) * (height - 10);
    if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
  });
  g.stroke();
  g.fillStyle = '#aaa';
  g.fillText(hiText, 5, 12);
  g.fillText(loText, 5, height - 4);
}

// symbols as exchange:SYMBOL, so that one matrix may hold several exchanges
function openMetrics(symbols, recorded) {
  if (state.metrics) state.metrics.close();
  const map = document.getElementById('heatmap');
  map.innerHTML = '';
  if (symbols.length < 2) {
    document.getElementById('heatinfo').textContent = '(needs two recorded symbols)';
    return;
  }
  const q = new URLSearchParams({ symbols: symbols.join(','), interval: '1m', window: '1d', metric: 'correlation' });
  const ws = new WebSocket(wsBase + '/metrics?' + withToken(q));
  state.metrics = ws;
  state.heatOf = symbols.length < recorded ? symbols.length + ' of ' + recorded + ' symbols, ' : '';
  let answered = false;
  ws.onmessage = ev => {
    answered = true;
    const m = JSON.parse(ev.data);
    if (m.type === 'metrics') heatmap(m);
    else if (m.type === 'error') document.getElementById('heatinfo').textContent = m.error;
  };
  ws.onclose = ev => {
    if (!answered && state.metrics === ws) {
      document.getElementById('heatinfo').textContent = '(the metrics service refused or closed the request: ' + ev.code + ')';
    }
  };
}

function color(v) {
  if (v === null) return '#555';
  const x = Math.max(-1, Math.min(1, v));
  const r = x < 0 ? 255 : Math.round(255 * (1 - x));
  const b = x > 0 ? 255 : Math.round(255 * (1 + x));
  const g = Math.round(255 * (1 - Math.abs(x)));
  return 'rgb(' + r + ',' + g + ',' + b + ')';
}

function heatmap(m) {
  const map = document.getElementById('heatmap');
  const k = m.symbols.length;
  // the exchange beside each symbol only where the matrix holds more than one
  const keys = m.symbols.map((s, i) => m.exchanges[i] + ':' + s);
  const labels = m.symbols.map((s, i) => m.exchange ? s : m.exchanges[i] + ' ' + s);
  map.style.gridTemplateColumns = 'auto repeat(' + k + ', 1fr)';
  const parts = ['<div class="label"></div>'];
  for (const l of labels) parts.push('<div class="label">' + l + '</div>');
  m.matrix.forEach((row, i) => {
    parts.push('<div class="label">' + labels[i] + '</div>');
    row.forEach((v, j) => {
      parts.push('<div class="cell" data-a="' + keys[i] + '" data-b="' + keys[j] + '" style="background:' + color(v) + ';color:' + (v !== null && Math.abs(v) > 0.5 ? '#fff' : '#000') + '">'
        + (v === null ? '–' : v.toFixed(2)) + '</div>');
    });
  });
  map.innerHTML = parts.join('');
  document.getElementById('heatinfo').textContent = '(' + state.heatOf + m.returns + ' returns to ' + new Date(m.to_ms).toISOString().substring(0, 16)
    + 'Z' + (m.complete ? '' : ', incomplete') + ')';
}

requestAnimationFrame(render);
setInterval(showAge, 1000);
loadSymbols().catch(e => setStatus('cannot list symbols: ' + e, true));
