"""RNN Explorer's engine: the post's recurrent network, hand-written BPTT, the tasks and the
trainer. Pure PyTorch (never imports streamlit), usable from a notebook:

    >>> from core import ElmanRNN, manual_bptt, state_grad_norms
    >>> model = ElmanRNN(input_size=1, hidden_size=8, output_size=1)
    >>> x, y = model(torch.randn(4, 30, 1))     # x (4,30,8) hidden states, y (4,30,1) outputs
"""
from .config import RunConfig
from .diagnostics import manual_bptt, spectral_radius, state_grad_norms
from .model import GRU, LSTM, ElmanRNN, make_rnn
from .tasks import make_task, task_names
from .train import StepRecord, Trainer

__all__ = ["ElmanRNN", "LSTM", "GRU", "make_rnn", "manual_bptt", "state_grad_norms",
           "spectral_radius", "RunConfig", "Trainer", "StepRecord", "make_task", "task_names"]
