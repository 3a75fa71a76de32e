"""Catalogue: the labels of each task's own figures (core/charts/<task>.py), under <task>.<label>.
id -> (English, 한국어)."""

WORDS: dict[str, tuple[str, str]] = {
    "sine.input": ("input u_t", "입력 u_t"),
    "sine.target": ("target (t+1)", "정답 (t+1)"),
    "sine.prediction": ("prediction y_t", "예측 y_t"),
    "sine.value": ("value", "값"),
}
