"""The sine task's figure: validation sequence 0, its noisy input, the clean target one step
ahead and the network's prediction."""
import numpy as np
import plotly.graph_objects as go


def prediction_figure(u, target, y, lang: str = "en"):
    """u, target, y: (T,) arrays (input u_t, the clean value at t+1, the prediction y_t)."""
    ko = lang == "ko"
    t = np.arange(len(u))
    fig = go.Figure()
    fig.add_scatter(x=t, y=u, mode="markers", name="입력 u_t" if ko else "input u_t")
    fig.add_scatter(x=t, y=target, name="정답 (t+1)" if ko else "target (t+1)")
    fig.add_scatter(x=t, y=y, name="예측 y_t" if ko else "prediction y_t")
    fig.update_layout(xaxis_title="t", yaxis_title="value", margin=dict(t=30, b=40, l=50, r=10))
    return fig


def task_figure(task, model, lang: str = "en"):
    """Chart 6 of the Train screen."""
    return prediction_figure(*task.prediction(model), lang)
