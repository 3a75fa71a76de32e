"""The recurrent networks, in the post's notation.

    x_t = σ(W_xx x_{t-1} + W_xu u_t + b_x)      hidden state
    y_t = W_yx x_t + b_y                        output (the task applies its own σ / softmax / loss)

`ElmanRNN` is the post's network with the five parameters named as the post names them.
`LSTM` and `GRU` wrap torch's cells behind the same interface so the screens can compare cells.
Every layer has `tap`: while a `bptt.StateGradTap` is attached, the layer reports ∂L/∂x_t.

Every constructor takes `gen`, a torch.Generator that all initial weights are drawn from, in
torch's own order and distributions: a model depends on its seed only, never on the process-wide
RNG that other sessions of the server draw from at the same time. (gen=None draws from the
global RNG, as torch's own modules do.)
"""
from __future__ import annotations

import math

import torch
from torch import nn

from . import activations, bptt

CELLS = ("elman", "lstm", "gru", "lru")


class Readout(nn.Module):
    """y_t = W_yx x_t + b_y, shared by every cell."""

    def __init__(self, hidden_size: int, output_size: int, gen: torch.Generator | None = None):
        super().__init__()
        bound = 1.0 / math.sqrt(hidden_size)
        self.W_yx = nn.Parameter(torch.empty(output_size, hidden_size).uniform_(-bound, bound, generator=gen))  # (O,H)
        self.b_y = nn.Parameter(torch.zeros(output_size))  # (O,)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x @ self.W_yx.t() + self.b_y  # (B,T,O)


class RecurrentBase(nn.Module):
    """Shared interface: `model(u, x0=None) -> (x, y)` with u (B,T,I), x (B,T,H), y (B,T,O)."""

    cell_name = ""

    def __init__(self, input_size: int, hidden_size: int, output_size: int):
        super().__init__()
        self.input_size, self.hidden_size, self.output_size = input_size, hidden_size, output_size
        self.truncate = 0  # truncated-BPTT window k (0: full BPTT); the trainer sets it
        self.tap = None  # a bptt.StateGradTap while attached

    def forward(self, u: torch.Tensor, x0: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        x = self.unroll(u, x0)
        return x, self.output(x, u)

    def output(self, x: torch.Tensor, u: torch.Tensor) -> torch.Tensor:
        """y_t from the states x (B,T,H) and the inputs u (B,T,I): W_yx x_t + b_y for the post's
        cells; the LRU puts a small nonlinear layer in between."""
        return self.readout(x)

    @property
    def W_yx(self) -> nn.Parameter:
        return self.readout.W_yx

    @property
    def b_y(self) -> nn.Parameter:
        return self.readout.b_y

    def initial_state(self, u: torch.Tensor, x0: torch.Tensor | None) -> torch.Tensor:
        return u.new_zeros(u.shape[0], self.hidden_size) if x0 is None else x0

    def recurrent_matrix(self) -> torch.Tensor:
        """The H×H matrix that carries x_{t-1} into x_t (W_xx, or the candidate block of a gated cell)."""
        raise NotImplementedError

    def named_post_parameters(self) -> dict[str, list[torch.Tensor]]:
        """The post's five parameters for this cell: name -> list of tensors that make it up."""
        raise NotImplementedError


class ElmanRNN(RecurrentBase):
    """The post's RNN. x_t = σ(W_xx x_{t-1} + W_xu u_t + b_x), y_t = W_yx x_t + b_y.

    Args: input_size I, hidden_size H, output_size O, activation σ ∈ {tanh, sigmoid, relu, identity}.
    Parameters: W_xx (H,H), W_xu (H,I), b_x (H,), W_yx (O,H), b_y (O,).
    """

    cell_name = "elman"

    def __init__(self, input_size: int, hidden_size: int, output_size: int, activation: str = "tanh",
                 gen: torch.Generator | None = None):
        super().__init__(input_size, hidden_size, output_size)
        self.activation = activations.check_activation(activation)
        bound = 1.0 / math.sqrt(hidden_size)  # torch.nn.RNN's initialisation
        self.W_xx = nn.Parameter(torch.empty(hidden_size, hidden_size).uniform_(-bound, bound, generator=gen))
        self.W_xu = nn.Parameter(torch.empty(hidden_size, input_size).uniform_(-bound, bound, generator=gen))
        self.b_x = nn.Parameter(torch.zeros(hidden_size))
        self.readout = Readout(hidden_size, output_size, gen)

    def cell(self, x_prev: torch.Tensor, u_t: torch.Tensor) -> torch.Tensor:
        """One step: x_t = σ(W_xx x_{t-1} + W_xu u_t + b_x).  x_prev (B,H), u_t (B,I) -> (B,H)."""
        return activations.apply(self.activation, x_prev @ self.W_xx.t() + u_t @ self.W_xu.t() + self.b_x)

    def unroll(self, u: torch.Tensor, x0: torch.Tensor | None = None) -> torch.Tensor:
        """The cell applied over t = 1..T with the same weights; the backward is hand-written BPTT."""
        x0 = self.initial_state(u, x0)
        slot = self.tap.new_slot() if self.tap is not None else None
        return bptt.ElmanUnroll.apply(u, x0, self.W_xx, self.W_xu, self.b_x,
                                      self.activation, self.truncate, self.tap, slot)

    def recurrent_matrix(self) -> torch.Tensor:
        return self.W_xx

    def named_post_parameters(self) -> dict[str, list[torch.Tensor]]:
        return {"W_xx": [self.W_xx], "W_xu": [self.W_xu], "b_x": [self.b_x],
                "W_yx": [self.readout.W_yx], "b_y": [self.readout.b_y]}


class _GatedRNN(RecurrentBase):
    """LSTM/GRU over torch's own cell kernels, unrolled step by step so that every x_t is a
    tensor of its own (needed for ∂L/∂x_t and for truncation)."""

    gates = 1

    def __init__(self, input_size, hidden_size, output_size, activation="tanh", gen=None):
        super().__init__(input_size, hidden_size, output_size)
        self.activation = "tanh"  # gated cells fix their own nonlinearities
        # Built without values (meta), then drawn from `gen` as torch's reset_parameters draws them.
        self.rnn = self.torch_class(input_size, hidden_size, batch_first=True, device="meta").to_empty(device="cpu")
        bound = 1.0 / math.sqrt(hidden_size)
        with torch.no_grad():
            for w in self.rnn.parameters():
                w.uniform_(-bound, bound, generator=gen)
        self.readout = Readout(hidden_size, output_size, gen)

    def _weights(self):
        r = self.rnn
        return r.weight_ih_l0, r.weight_hh_l0, r.bias_ih_l0, r.bias_hh_l0

    def unroll(self, u, x0=None):
        x0 = self.initial_state(u, x0)
        slot = self.tap.new_slot() if self.tap is not None else None
        if slot is None and not self.truncate:
            out, _ = self.rnn(u, self._fused_hidden(x0))  # torch's own loop: fastest
            return out
        states, carry, T = [], self._start(x0), u.shape[1]
        for t in range(T):
            if self.truncate and t > 0 and (T - t) % self.truncate == 0:
                # Truncated BPTT: detach so that no gradient flows to steps before the window.
                carry = _detach(carry)
            carry = self._step(u[:, t], carry)
            states.append(carry[0] if isinstance(carry, tuple) else carry)
        x = torch.stack(states, dim=1)  # (B,T,H)
        if slot is not None and x.requires_grad:
            _watch(states, self.tap, slot)
        return x

    def recurrent_matrix(self):
        H = self.hidden_size
        return self.rnn.weight_hh_l0[self.candidate_block * H:(self.candidate_block + 1) * H]

    def named_post_parameters(self):
        w_ih, w_hh, b_ih, b_hh = self._weights()
        return {"W_xx": [w_hh], "W_xu": [w_ih], "b_x": [b_ih, b_hh],
                "W_yx": [self.readout.W_yx], "b_y": [self.readout.b_y]}


def _detach(carry):
    return tuple(c.detach() for c in carry) if isinstance(carry, tuple) else carry.detach()


def _watch(states, tap, slot):
    """Record ∂L/∂x_t of a step-by-step unroll through tensor hooks. Each x_t feeds both the
    output and the next step, so the hook sees the total derivative. Steps the loss never
    reaches (cut off by truncation) keep no hook call and count as zero."""
    grads = [None] * len(states)
    tap.put(slot, grads)

    def hook_for(t):
        def hook(g):
            grads[t] = g
        return hook

    for t, h in enumerate(states):
        if h.requires_grad:
            h.register_hook(hook_for(t))


class LSTM(_GatedRNN):
    """torch.nn.LSTM behind the post's interface; x_t is the LSTM's h_t (c_0 starts at zero).

    The forget gate's bias starts at 1 (Jozefowicz et al., 2015): with torch's default of about 0
    the gate starts near 0.5 and halves the memory at every step, and on the recall task the
    LSTM then stayed at chance from T = 20 on (bench/results/recall.md)."""

    cell_name, torch_class, candidate_block = "lstm", nn.LSTM, 2  # gate order i, f, g, o

    def __init__(self, input_size: int, hidden_size: int, output_size: int, activation: str = "tanh",
                 gen: torch.Generator | None = None):
        super().__init__(input_size, hidden_size, output_size, activation, gen)
        H = hidden_size
        with torch.no_grad():
            self.rnn.bias_ih_l0[H:2 * H].fill_(1.0)
            self.rnn.bias_hh_l0[H:2 * H].zero_()

    def _start(self, x0):
        return x0, torch.zeros_like(x0)  # (h_0, c_0)

    def _fused_hidden(self, x0):
        return tuple(s.unsqueeze(0).contiguous() for s in self._start(x0))  # (1,B,H) each

    def _step(self, u_t, carry):
        return torch.lstm_cell(u_t, carry, *self._weights())


class GRU(_GatedRNN):
    """torch.nn.GRU behind the post's interface; x_t is the GRU's h_t."""

    cell_name, torch_class, candidate_block = "gru", nn.GRU, 2  # gate order r, z, n

    def _start(self, x0):
        return x0

    def _fused_hidden(self, x0):
        return x0.unsqueeze(0).contiguous()  # (1,B,H)

    def _step(self, u_t, carry):
        return torch.gru_cell(u_t, carry, *self._weights())


def make_rnn(cell: str, input_size: int, hidden_size: int, output_size: int, activation: str = "tanh",
             gen: torch.Generator | None = None) -> RecurrentBase:
    """Build a recurrent layer by name ('elman', 'lstm', 'gru', 'lru'), its weights drawn from `gen`."""
    from .lru import LRU  # core.lru builds on this module

    classes = {"elman": ElmanRNN, "lstm": LSTM, "gru": GRU, "lru": LRU}
    if cell not in classes:
        raise ValueError(f"Unknown cell '{cell}'. Choose one of: {', '.join(CELLS)}.")
    return classes[cell](input_size, hidden_size, output_size, activation, gen)


def linear(in_features: int, out_features: int, gen: torch.Generator | None = None) -> nn.Linear:
    """nn.Linear with torch's own initialisation (U(±1/√in) for W and b), drawn from `gen`."""
    layer = nn.Linear(in_features, out_features, device="meta").to_empty(device="cpu")
    bound = 1.0 / math.sqrt(in_features)
    with torch.no_grad():
        nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=gen)  # = U(±bound), as torch does
        layer.bias.uniform_(-bound, bound, generator=gen)
    return layer


def embedding(num: int, dim: int, padding_idx: int | None = None,
              gen: torch.Generator | None = None) -> nn.Embedding:
    """nn.Embedding with torch's own initialisation (N(0, 1), the padding row zero), drawn from `gen`."""
    layer = nn.Embedding(num, dim, padding_idx=padding_idx, device="meta").to_empty(device="cpu")
    with torch.no_grad():
        nn.init.normal_(layer.weight, generator=gen)
        if padding_idx is not None:
            layer.weight[padding_idx].zero_()
    return layer
