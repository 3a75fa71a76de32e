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
  if (!ops.length && !moved) return;
  if (!moved && plainExtend(gd, ops)) {
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
  await Plotly.react(gd, gd.data, { ...gd.layout, datarevision: seq });
}

async function apply(live, msg, setTriggerValue) {
  if (msg.stream === live.stream && msg.seq <= live.seq) return; // already shown
  const Plotly = await loadPlotly(msg.plotly);
  const gd = live.gd;
  if (msg.full) {
    gd.style.height = msg.full.layout.height + "px";
    const first = !gd._fullLayout;
    await Plotly.react(gd, msg.full.data, keepZoom(live, gd, msg.full.layout), msg.full.config);
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
  if (msg.image && gd._context) gd._context.toImageButtonOptions = msg.image; // PNG named after the step
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

async function drain(live) {
  if (live.busy || live.holding) return;
  live.busy = true;
  try {
    while (live.pending.length && !live.holding) {
      live.drawing = true;
      try {
        await apply(live, next(live), live.setTriggerValue);
      } catch (e) {
        console.error("livechart", e);
      } finally {
        live.drawing = false;
      }
    }
  } finally {
    live.busy = false;
  }
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

export default function ({ data, parentElement, setTriggerValue }) {
  keepUnfaded();
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
      if (window.Plotly && gd._fullLayout) window.Plotly.Plots.resize(gd);
    });
    live.observer.observe(gd);
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
    live.pending.push(data);
    drain(live);
  }
  // Streamlit calls this when the element goes away. It may also call it while the node stays
  // (an inner re-mount): free the chart only once its node has left the page.
  return () => {
    setTimeout(() => {
      if (live.gd.isConnected) return;
      live.observer.disconnect();
      window.removeEventListener("pointerup", live.onUp, true);
      if (window.Plotly) window.Plotly.purge(live.gd);
    }, 0);
  };
}
