"""Catalogue: the figures of a training run (core/charts/training.py, core/charts/compare.py),
under run.<label> and compare.<label>. id -> (English, 한국어)."""

WORDS: dict[str, tuple[str, str]] = {
    "run.loss": ("loss", "손실"),
    "run.loss_train": ("loss (train)", "손실 (학습)"),
    "run.loss_val": ("loss (validation)", "손실 (검증)"),
    "run.metric_val": ("{metric} (validation)", "{metric} (검증)"),
    "run.user_loss": ("loss (your sentences)", "손실 (내 문장)"),
    "run.step": ("training step", "학습 스텝"),
    "run.t": ("time step t", "시간 스텝 t"),
    "run.t_input": ("time step t (u_t)", "시간 스텝 t (u_t)"),
    "run.unit": ("hidden unit", "은닉 유닛"),
    "run.window": ("truncation window k={k}", "절단 구간 k={k}"),
    "run.clipped": ("clipping acted", "클리핑 적용"),
    "run.rho": ("spectral radius ρ(W_xx)", "스펙트럼 반경 ρ(W_xx)"),
    "run.steps_s": ("steps per second", "초당 스텝"),
    "run.ms": ("ms per BPTT pass", "BPTT 1회 ms"),
    "run.grad_p": ("‖∂L/∂θ‖ per parameter", "파라미터별 ‖∂L/∂θ‖"),
    "run.blew": ("blew up ({step})", "폭주 ({step})"),
    "compare.train": ("train · {label}", "학습 · {label}"),
    "compare.val": ("validation · {label}", "검증 · {label}"),
    "compare.at_step": ("{label} (step {step})", "{label} (스텝 {step})"),
}
