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

async function patch(Plotly, gd, ops, seq) {
  if (!ops.length) return;
  if (plainExtend(gd, ops)) {
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
    await Plotly.react(gd, msg.full.data, msg.full.layout, msg.full.config);
    live.asked = false;
    live.fulls += 1;
  } else if (msg.stream === live.stream && msg.base <= live.seq) {
    await patch(Plotly, gd, msg.traces, msg.seq);
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
  if (live.busy) return;
  live.busy = true;
  try {
    while (live.pending.length) {
      try {
        await apply(live, next(live), live.setTriggerValue);
      } catch (e) {
        console.error("livechart", e);
      }
    }
  } finally {
    live.busy = false;
  }
}

export default function ({ data, parentElement, setTriggerValue }) {
  let live = parentElement.__livechart;
  if (!live) {
    const gd = document.createElement("div");
    gd.className = "livechart";
    gd.style.width = "100%";
    parentElement.appendChild(gd);
    live = { gd, stream: null, seq: -1, asked: false, fulls: 0, deltas: 0, resyncs: 0, pending: [], busy: false };
    gd.__livechart = live;
    parentElement.__livechart = live;
    // The column can change width without a window resize (sidebar, layout): follow it.
    live.observer = new ResizeObserver(() => {
      if (window.Plotly && gd._fullLayout) window.Plotly.Plots.resize(gd);
    });
    live.observer.observe(gd);
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
      if (window.Plotly) window.Plotly.purge(live.gd);
    }, 0);
  };
}
