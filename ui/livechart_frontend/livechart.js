// One live Plotly chart, kept on the same DOM node for the life of the element (ui/livechart.py
// builds the messages). Streamlit calls this function again with each new `data`; the container
// (parentElement) stays, so the chart, its zoom and its legend choices stay too.

function loadPlotly(url) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__livechartPlotly) {
    window.__livechartPlotly = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = url;
      s.async = true;
      s.onload = () => resolve(window.Plotly);
      s.onerror = () => {
        window.__livechartPlotly = null;
        reject(new Error("plotly.js did not load from " + url));
      };
      document.head.appendChild(s);
    });
  }
  return window.__livechartPlotly;
}

// True when every changed trace only grew, from exactly where this chart stands, in the same
// attributes: then one Plotly.extendTraces call draws the tick.
function plainExtend(gd, ops) {
  const keys = (op) => Object.keys(op.extend).sort().join(",");
  return ops.every((op) => op.extend && !op.set && keys(op) === keys(ops[0]) &&
    Object.entries(op.at).every(([name, at]) => (gd.data[op.i][name] || []).length === at));
}

// The axes' ranges a message brings, on every axis the viewer has not zoomed or panned.
function followRanges(live, layout, ranges) {
  let changed = false;
  for (const [axis, range] of Object.entries(ranges || {})) {
    if (live.zoomed.has(axis) || !layout[axis]) continue;
    const now = layout[axis].range;
    if (!now || now[0] !== range[0] || now[1] !== range[1]) {
      layout[axis] = { ...layout[axis], range, autorange: false };
      changed = true;
    }
  }
  return changed;
}

// A whole new layout keeps the viewer's zoom: their range replaces the figure's on those axes.
function keepZoom(live, gd, layout) {
  for (const axis of live.zoomed) {
    if (layout[axis] && gd.layout && gd.layout[axis]) layout[axis] = { ...layout[axis], range: gd.layout[axis].range, autorange: false };
  }
  return layout;
}

// Zoom, pan or a double-click reset by the viewer (not our own updates, made while live.drawing).
function watchZoom(live, gd) {
  gd.on("plotly_relayout", (ev) => {
    if (live.drawing) return;
    for (const key of Object.keys(ev || {})) {
      const m = key.match(/^([xy]axis\d*)\.(range|autorange)/);
      if (!m) continue;
      if (m[2] === "autorange") live.zoomed.delete(m[1]); // reset axes: follow the figure again
      else live.zoomed.add(m[1]);
    }
  });
  // A double-click or the toolbar's "Reset axes" goes back to the figure's own ranges, which
  // plotly reports as a range change: forget the zoom once that has happened.
  const reset = () => setTimeout(() => live.zoomed.clear(), 0);
  gd.on("plotly_doubleclick", reset);
  gd.addEventListener("click", (e) => {
    if (e.target.closest && e.target.closest("[data-title='Reset axes'], [data-title='Autoscale']")) reset();
  }, true);
}

async function patch(Plotly, live, gd, ops, seq, ranges) {
  const moved = followRanges(live, gd.layout, ranges);
  if (!ops.length && !moved && !(live.stale && live.visible)) return;
  if (live.visible && !live.stale && !moved && plainExtend(gd, ops)) {
    const update = {};
    for (const name of Object.keys(ops[0].extend)) update[name] = ops.map((op) => op.extend[name]);
    await Plotly.extendTraces(gd, update, ops.map((op) => op.i));
    return;
  }
  // Otherwise change the arrays in place (cut back to where the delta starts, then append; or
  // replace), then one Plotly.react: datarevision tells it the arrays changed.
  for (const op of ops) {
    const trace = gd.data[op.i];
    for (const [name, values] of Object.entries(op.set || {})) trace[name] = values;
    for (const [name, tail] of Object.entries(op.extend || {})) {
      trace[name] = (trace[name] || []).slice(0, op.at[name]).concat(tail);
    }
  }
  if (live.visible) await redraw(Plotly, live, seq);
  else live.stale = true; // out of view: drawn when it comes into view (watchView)
}

// Draw what the chart holds (data changed in place, or a whole figure kept while out of view).
async function redraw(Plotly, live, revision) {
  live.stale = false;
  const config = live.config;
  live.config = undefined;
  await Plotly.react(live.gd, live.gd.data, { ...live.gd.layout, datarevision: revision }, config);
  nameImage(live);
}

function nameImage(live) {
  if (live.image && live.gd._context) live.gd._context.toImageButtonOptions = live.image; // PNG named after the step
}

// A chart scrolled out of view, or in a tab in the background, keeps its data current and draws
// nothing: a training page's browser spends most of its main thread in plotly.js, and the charts
// below the fold (4-9 at a projector's size) were a fifth of it. It draws the latest data when it
// comes into view.
function watchView(live) {
  live.inView = true; // until the observer says otherwise: first draws are never held back
  live.visible = !document.hidden;
  live.stale = false;
  const update = () => {
    live.visible = live.inView && !document.hidden;
    if (live.visible && live.stale) {
      live.pending.push({ redraw: true }); // drawn in turn with the messages (drain)
      drain(live);
    }
  };
  live.view = new IntersectionObserver((entries) => {
    live.inView = entries[entries.length - 1].isIntersecting;
    update();
  }, { rootMargin: "150px 0px" });
  live.view.observe(live.gd);
  live.onShown = update;
  document.addEventListener("visibilitychange", update);
  everyChart.add(live);
}

// Printing lays out the whole page at once: every chart shows what it holds.
const everyChart = new Set();
window.addEventListener("beforeprint", () => {
  for (const live of everyChart) {
    if (live.stale && window.Plotly && !live.busy) redraw(window.Plotly, live, `${live.seq}p`).catch(console.error);
  }
});

// A page's first draws take turns: the charts in view first, from the top, each given a frame to
// show before the next is drawn. A new visitor sees the top chart ~0.4 s sooner than when all
// nine are drawn in the order their messages came, and painted at once.
const firsts = { queue: [], busy: false };

function firstTurn(gd) {
  return new Promise((resolve) => {
    firsts.queue.push({ gd, resolve });
    if (!firsts.busy) {
      firsts.busy = true;
      setTimeout(nextFirst, 0); // the charts waiting for plotly.js with this one join first
    }
  });
}

function place(gd) {
  const r = gd.getBoundingClientRect();
  return (r.bottom > 0 && r.top < window.innerHeight ? 0 : 1e7) + r.top;
}

function nextFirst() {
  if (!firsts.queue.length) {
    firsts.busy = false;
    return;
  }
  firsts.queue.sort((a, b) => place(a.gd) - place(b.gd));
  firsts.queue.shift().resolve();
}

function firstDrawn() {
  let gone = false;
  const go = () => { if (!gone) { gone = true; nextFirst(); } };
  requestAnimationFrame(() => setTimeout(go, 0)); // after the frame that shows it
  setTimeout(go, 50); // a hidden tab has no frames
}

async function apply(live, msg, setTriggerValue) {
  if (msg.redraw) { // came into view (watchView)
    if (live.stale && live.visible && window.Plotly) await redraw(window.Plotly, live, `${live.seq}v`);
    return;
  }
  if (msg.stream === live.stream && msg.seq <= live.seq) return; // already shown
  const Plotly = await loadPlotly(msg.plotly);
  const gd = live.gd;
  if (msg.full) {
    gd.style.height = msg.full.layout.height + "px";
    const first = !gd._fullLayout;
    if (first) await firstTurn(gd);
    if (!first && !live.visible) { // kept, and drawn when it comes into view
      gd.data = msg.full.data;
      gd.layout = keepZoom(live, gd, msg.full.layout);
      live.config = msg.full.config;
      live.stale = true;
    } else {
      try {
        live.stale = false;
        live.config = undefined;
        await Plotly.react(gd, msg.full.data, keepZoom(live, gd, msg.full.layout), msg.full.config);
      } finally {
        if (first) firstDrawn();
      }
    }
    if (first) watchZoom(live, gd);
    live.asked = false;
    live.fulls += 1;
  } else if (msg.stream === live.stream && msg.base <= live.seq) {
    await patch(Plotly, live, gd, msg.traces, msg.seq, msg.ranges);
    live.deltas += 1;
  } else {
    // Too far behind (a full figure was missed, or this node is new): ask for the whole figure.
    if (!live.asked) {
      live.asked = true;
      live.resyncs += 1;
      setTriggerValue("resync", live.seq);
    }
    return;
  }
  if (msg.image) live.image = msg.image;
  nameImage(live);
  live.stream = msg.stream;
  live.seq = msg.seq;
  gd.dataset.seq = String(msg.seq); // read by the browser test and the bench
}

// The message to draw next. While the browser is busy, messages pile up: a later full figure
// replaces everything before it, and the newest delta that applies where the chart stands
// replaces older deltas (each delta reaches back a few messages).
function next(live) {
  const q = live.pending;
  const f = q.map((m) => !!m.full).lastIndexOf(true);
  if (f > 0) q.splice(0, f);
  if (q[0].full) return q.shift();
  for (let i = q.length - 1; i > 0; i--) {
    if (q[i].stream === live.stream && q[i].base <= live.seq) return q.splice(0, i + 1)[i];
  }
  return q.shift();
}

// A delta that builds on a whole figure this chart has not received yet. The feed's answers come
// over HTTP and a script run's messages over the websocket, so an answer can overtake the whole
// figure it follows: wait a moment for that figure before asking for another one.
function early(live, msg) {
  return !msg.full && msg.stream === live.stream && msg.base > live.seq && performance.now() - msg.received < 1000;
}

async function drain(live) {
  if (live.busy || live.holding) return;
  live.busy = true;
  try {
    while (live.pending.length && !live.holding) {
      if (quietFor() && fed(live)) { // a click is being answered (see feed())
        setTimeout(() => drain(live), quietFor());
        break;
      }
      const msg = next(live);
      if (early(live, msg)) { // the whole figure it builds on is still on its way: wait for it
        live.pending.unshift(msg);
        setTimeout(() => drain(live), 100);
        break;
      }
      live.drawing = true;
      live.current = msg;
      try {
        await apply(live, live.current, live.setTriggerValue);
      } catch (e) {
        console.error("livechart", e);
      } finally {
        live.drawing = false;
        live.current = null;
      }
    }
  } finally {
    live.busy = false;
  }
}

// The feed (ui/feed.py): while a run trains, the page's live charts ask the server for what changed
// every `every` seconds, between Streamlit's script runs. One asker for the page: it asks for every
// chart that joined it, with what each chart holds, one question at a time; a chart still drawing
// when the next answer comes draws only the newest message it can apply (next(), below).
function feed() {
  if (!window.__livefeed) {
    window.__livefeed = { charts: new Map(), timer: null, token: null, url: null, every: 0.2, asking: false, asks: 0,
                          quietUntil: 0 };
    // A click or key press comes first: for a moment the charts neither ask nor draw, so a busy
    // browser answers the click (Pause, a setting) before it draws the next update.
    const quiet = () => { window.__livefeed.quietUntil = performance.now() + QUIET_MS; };
    window.addEventListener("pointerdown", quiet, true);
    window.addEventListener("keydown", quiet, true);
  }
  return window.__livefeed;
}

const QUIET_MS = 1000;

// Is this chart following the feed now (its latest message came with one)?
function fed(live) {
  return feed().charts.get(live.key) === live;
}

function quietFor() {
  return Math.max(0, feed().quietUntil - performance.now());
}

function follow(live, msg) {
  const f = feed();
  if (!msg.feed) {
    f.charts.delete(msg.key);
    return;
  }
  f.charts.set(msg.key, live);
  f.token = msg.feed.token;
  f.url = msg.feed.url;
  f.every = msg.feed.every;
  if (!f.timer && !f.asking) f.timer = setTimeout(ask, f.every * 1000);
}

// What a chart will hold once it has drawn what is waiting: the feed answers with deltas from
// there (a chart that reported only what it had drawn would be sent a whole figure again and
// again while it is busy drawing one).
function holds(live) {
  let stream = live.stream, seq = live.seq;
  for (const m of [live.current, ...live.pending]) {
    if (!m) continue;
    if (m.full || (m.stream === stream && m.base <= seq)) [stream, seq] = [m.stream, Math.max(seq, m.seq)];
  }
  return `${stream || ""}:${seq}`;
}

async function ask() {
  const f = feed();
  f.timer = null;
  for (const [key, live] of f.charts) if (!live.gd.isConnected) f.charts.delete(key);
  if (!f.charts.size) return;
  if (quietFor()) {
    f.timer = setTimeout(ask, quietFor());
    return;
  }
  const started = performance.now();
  let answer = null;
  f.asking = true;
  try {
    const have = [...f.charts].map(([key, live]) => `${key}:${holds(live)}`).join(",");
    const res = await fetch(`${f.url}?t=${encodeURIComponent(f.token)}&have=${encodeURIComponent(have)}`,
                            { cache: "no-store", credentials: "same-origin" });
    if (res.ok) answer = await res.json();
  } catch (e) {
    answer = null; // the server is restarting or gone: Streamlit's own connection says so
  } finally {
    f.asking = false;
  }
  if (answer && answer.stop) {
    f.charts.clear();
    return;
  }
  if (answer) {
    f.asks += 1;
    if (answer.every) f.every = answer.every;
    for (const [key, msg] of Object.entries(answer.charts || {})) {
      const live = f.charts.get(key);
      if (!live) continue;
      msg.received = performance.now();
      live.pending.push(msg);
      drain(live); // drawn while the next answer is on its way; a chart behind draws the newest
    }
  }
  const wait = Math.max(0, f.every * 1000 - (performance.now() - started));
  if (!f.timer && f.charts.size) f.timer = setTimeout(ask, answer ? wait : 2000);
}

// Streamlit fades an element while a rerun that will redraw it takes over half a second. A live
// chart is redrawn in place at every tick and is never stale: keep it at full strength (a fade
// at every slow tick reads as flicker).
function keepUnfaded() {
  if (document.getElementById("livechart-style")) return;
  const style = document.createElement("style");
  style.id = "livechart-style";
  style.textContent = ".stElementContainer[data-stale='true']:has(.livechart) { opacity: 1 !important; transition: none !important; }";
  document.head.appendChild(style);
}

export default function ({ data: payload, parentElement, setTriggerValue }) {
  keepUnfaded();
  // The message travels as JSON bytes (ui/livechart.live_chart).
  const data = payload && payload.byteLength !== undefined ? JSON.parse(new TextDecoder().decode(payload)) : payload;
  let live = parentElement.__livechart;
  if (!live) {
    const gd = document.createElement("div");
    gd.className = "livechart";
    gd.style.width = "100%";
    parentElement.appendChild(gd);
    live = { gd, stream: null, seq: -1, asked: false, fulls: 0, deltas: 0, resyncs: 0, pending: [], busy: false,
             drawing: false, holding: false, zoomed: new Set() };
    gd.__livechart = live;
    parentElement.__livechart = live;
    // The column can change width without a window resize (sidebar, layout): follow it.
    live.observer = new ResizeObserver(() => {
      if (window.Plotly && gd._fullLayout && !live.stale) window.Plotly.Plots.resize(gd);
    });
    live.observer.observe(gd);
    watchView(live);
    // While the viewer holds the mouse on the chart (a drag-zoom, a pan), updates wait: a redraw
    // in the middle of a drag would cancel it. They are drawn as soon as the button is released.
    gd.addEventListener("pointerdown", () => { live.holding = true; }, true);
    live.onUp = () => {
      if (!live.holding) return;
      live.holding = false;
      setTimeout(() => drain(live), 0);
    };
    window.addEventListener("pointerup", live.onUp, true);
  }
  live.setTriggerValue = setTriggerValue;
  if (data) {
    live.key = data.key;
    follow(live, data); // first: a message without a feed means the chart no longer follows one
    live.pending.push({ ...data, received: performance.now() });
    drain(live);
  }
  // Streamlit calls this when the element goes away. It may also call it while the node stays
  // (an inner re-mount): free the chart only once its node has left the page.
  return () => {
    setTimeout(() => {
      if (live.gd.isConnected) return;
      live.observer.disconnect();
      live.view.disconnect();
      document.removeEventListener("visibilitychange", live.onShown);
      everyChart.delete(live);
      window.removeEventListener("pointerup", live.onUp, true);
      if (window.Plotly) window.Plotly.purge(live.gd);
    }, 0);
  };
}
