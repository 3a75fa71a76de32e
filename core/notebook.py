"""A Jupyter notebook of a run: plain PyTorch in the post's notation, with the run's settings and
seed, that reproduces the app's first losses (tests/test_notebook.py runs it).

It holds the data, the five parameters drawn as core.model draws them (from a generator seeded
with the run's seed), the cell, the unrolled loop (with truncation), the loss, the training loop
(Adam or SGD, clipping) and two charts: the loss and ‖∂L/∂x_t‖. It never imports the app.

Supported: the post's Elman cell on the tasks whose data a few lines can build (sine, recall).
"""
import json

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from .config import RunConfig

TASKS = ("sine", "recall")
CELLS = ("elman",)


def unsupported(cfg: RunConfig) -> str:
    """'' when the run can be written as a notebook, else a sentence saying why not."""
    if cfg.task not in TASKS:
        return (f"A notebook can be written for the tasks {', '.join(TASKS)} (their data is built in a few "
                f"lines); '{cfg.task}' needs the app's data files.")
    if cfg.cell not in CELLS:
        return "A notebook can be written for the post's Elman cell only."
    return ""


_SIGMA = {"tanh": "torch.tanh", "sigmoid": "torch.sigmoid", "relu": "torch.relu", "identity": "lambda a: a"}

_DATA = {
    "sine": '''# A noisy sine wave; y_t should be the clean value at t+1 (the app's SineTask, same draws).
data_gen = torch.Generator().manual_seed(SEED)

def make(n, gen):
    omega = 2 * math.pi / (8 + 24 * torch.rand(n, 1, generator=gen))   # periods of 8..32 steps
    phase = 2 * math.pi * torch.rand(n, 1, generator=gen)
    t = torch.arange(T + 1, dtype=torch.float32)
    clean = torch.sin(omega * t + phase)                                  # (n, T+1)
    u = clean[:, :T] + 0.15 * torch.randn(n, T, generator=gen)
    return u.unsqueeze(-1), clean[:, 1:].unsqueeze(-1)                    # u (n,T,1), target (n,T,1)

train_u, train_y = make(1024, data_gen)
val_u, val_y = make(256, data_gen)
I, O = 1, 1

def sample_batch(gen):
    idx = torch.randint(0, len(train_u), (BATCH,), generator=gen)
    return train_u[idx], train_y[idx]

def loss_and_metric(y, target):
    """Mean squared error at every step; the metric is R² = 1 − MSE / Var(target)."""
    loss = torch.mean((y - target) ** 2)
    return loss, float(1 - loss.detach() / target.var())''',
    "recall": '''# Recall: u_1 is one of A-D (one-hot channels 0..3), then T−1 distractors a-d (channels 4..7);
# y_T must name the first symbol (the app's RecallTask, same draws).
K = 4
data_gen = torch.Generator().manual_seed(SEED + 7919)   # held-out sequences, apart from training draws

def make(n, gen):
    first = torch.randint(0, K, (n,), generator=gen)
    noise = torch.randint(K, 2 * K, (n, T - 1), generator=gen)
    ids = torch.cat([first.unsqueeze(1), noise], dim=1)                  # (n,T)
    return F.one_hot(ids, 2 * K).float(), first                           # u (n,T,2K), target (n,)

val_u, val_y = make(512, data_gen)
I, O = 2 * K, K

def sample_batch(gen):
    return make(BATCH, gen)   # fresh sequences every step

def loss_and_metric(y, target):
    """Cross-entropy of softmax(y_T) only; the metric is accuracy (chance 1/K)."""
    logits = y[:, -1]
    loss = F.cross_entropy(logits, target)
    return loss, float((logits.argmax(1) == target).float().mean())''',
}


def _code(cfg: RunConfig, steps: int) -> list[tuple[str, str]]:
    """(kind, source) of every cell."""
    settings = {"TASK": cfg.task, "H": cfg.hidden_size, "T": cfg.seq_len, "ACTIVATION": cfg.activation,
                "LR": cfg.lr, "OPTIMIZER": cfg.optimizer, "BATCH": cfg.batch_size, "TRUNCATE": cfg.truncate,
                "CLIP": cfg.clip, "SEED": cfg.seed, "STEPS": steps}
    lines = "\n".join(f"{k} = {json.dumps(v)}" for k, v in settings.items())
    return [
        ("md", f"# The post's RNN, trained on `{cfg.task}`\n\nWritten by RNN Explorer for one run (seed "
               f"{cfg.seed}); plain PyTorch, in the post's notation: x_t hidden state, u_t input, y_t output,\n\n"
               "    x_t = σ(W_xx x_{t-1} + W_xu u_t + b_x)        y_t = W_yx x_t + b_y\n\n"
               "Run all cells: the first losses printed below are those the app showed for this run."),
        ("code", "import json\nimport math\n\nimport torch\nimport torch.nn.functional as F\n\n"
                 "torch.set_num_threads(1)\n\n# The run's settings\n" + lines),
        ("md", "## The data"),
        ("code", _DATA[cfg.task]),
        ("md", "## The five parameters\nDrawn as `torch.nn.RNN` draws them, U(−1/√H, 1/√H), in this order, "
               "from a generator seeded with the run's seed; the biases start at zero."),
        ("code", "gen = torch.Generator().manual_seed(SEED)\nbound = 1 / math.sqrt(H)\n"
                 "W_xx = torch.empty(H, H).uniform_(-bound, bound, generator=gen).requires_grad_()   # (H,H)\n"
                 "W_xu = torch.empty(H, I).uniform_(-bound, bound, generator=gen).requires_grad_()   # (H,I)\n"
                 "b_x = torch.zeros(H, requires_grad=True)                                           # (H,)\n"
                 "W_yx = torch.empty(O, H).uniform_(-bound, bound, generator=gen).requires_grad_()   # (O,H)\n"
                 "b_y = torch.zeros(O, requires_grad=True)                                           # (O,)\n"
                 "params = [W_xx, W_xu, b_x, W_yx, b_y]"),
        ("md", "## The cell: one step"),
        ("code", f"sigma = {_SIGMA[cfg.activation]}   # σ = {cfg.activation}\n\n"
                 "def cell(x_prev, u_t):\n    \"\"\"x_t = σ(W_xx x_{t-1} + W_xu u_t + b_x).  x_prev (B,H), u_t (B,I) "
                 "-> (B,H).\"\"\"\n"
                 "    return sigma(x_prev @ W_xx.T + u_t @ W_xu.T + b_x)"),
        ("md", "## The unrolled loop\nThe same weights at every step. With truncated BPTT (window k = TRUNCATE) "
               "x_{t-1} is detached every k steps counted from the end, so no gradient flows further back."),
        ("code",
         "def unroll(u):\n    \"\"\"x_1..x_T for u (B,T,I); returns the list of x_t (B,H), each kept for "
         "∂L/∂x_t.\"\"\"\n"
                 "    x = torch.zeros(u.shape[0], H)   # x_0\n    states = []\n    for t in range(T):\n"
                 "        if TRUNCATE and t > 0 and (T - t) % TRUNCATE == 0:\n            x = x.detach()\n"
                 "        x = cell(x, u[:, t])\n        if x.requires_grad:\n            x.retain_grad()   # to read "
                 "∂L/∂x_t after backward\n"
                 "        states.append(x)\n    return states\n\n"
                 "def forward(u):\n    states = unroll(u)\n    x = torch.stack(states, dim=1)   # (B,T,H)\n"
                 "    return states, x @ W_yx.T + b_y   # y_t = W_yx x_t + b_y, (B,T,O)"),
        ("md", "## The training loop\nOne BPTT step per batch; clipping scales the whole gradient to norm "
               "CLIP when it is longer (0: off)."),
        ("code", "opt = (torch.optim.Adam if OPTIMIZER == \"adam\" else torch.optim.SGD)(params, lr=LR)\n"
                 "batch_gen = torch.Generator().manual_seed(SEED)\nlosses, metrics, state_grad = [], [], None\n"
                 "for step in range(STEPS):\n    u, target = sample_batch(batch_gen)\n    states, y = forward(u)\n"
                 "    loss, metric = loss_and_metric(y, target)\n    opt.zero_grad(set_to_none=True)\n    "
                 "loss.backward()\n"
                 "    # ‖∂L/∂x_t‖ for every t (over batch and units); a step cut off by truncation gets 0\n"
                 "    state_grad = [0.0 if x.grad is None else float(x.grad.norm()) for x in states]\n"
                 "    if CLIP:\n        total = math.sqrt(sum(float(p.grad.norm()) ** 2 for p in params))\n"
                 "        if total > CLIP:\n            for p in params:\n                p.grad.mul_(CLIP / total)\n"
                 "    opt.step()\n    losses.append(loss.item())\n    metrics.append(metric)\n\n"
                 "print(json.dumps({\"first_losses\": losses[:10]}))\n"
                 "with torch.no_grad():\n    _, y = forward(val_u)\n    print(\"validation loss, metric:\", "
                 "*loss_and_metric(y, val_y))"),
        ("md", "## The loss"),
        ("code", "import plotly.graph_objects as go\n\n"
                 "go.Figure(go.Scatter(y=losses, mode=\"lines\")).update_layout(\n"
                 "    xaxis_title=\"step\", yaxis_title=\"loss\", yaxis_type=\"log\", height=320).show()"),
        ("md", "## ‖∂L/∂x_t‖ at the last step\nHow much of the loss's gradient reaches each hidden state x_t."),
        ("code", "go.Figure(go.Scatter(x=list(range(1, T + 1)), y=state_grad, mode=\"lines+markers\")).update_layout(\n"
                 "    xaxis_title=\"t\", yaxis_title=\"‖∂L/∂x_t‖\", yaxis_type=\"log\", height=320).show()"),
    ]


def build(cfg: RunConfig, steps: int) -> nbformat.NotebookNode:
    """The notebook for this run, trained for `steps` steps (ValueError if unsupported)."""
    why = unsupported(cfg)
    if why:
        raise ValueError(why)
    if steps < 1:
        raise ValueError("The notebook needs at least one training step.")
    cells = [new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in _code(cfg, steps)]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def to_bytes(cfg: RunConfig, steps: int) -> bytes:
    """The .ipynb file's contents."""
    return nbformat.writes(build(cfg, steps)).encode()
