"""Catalogue: the labels of each task's own figures (core/charts/<task>.py), under <task>.<label>.
id -> (English, 한국어). Entries with %{...} are plotly hover templates (plotly fills those, not
str.format). One entry is a key, not wording: sentiment.example_language picks which of
core.tasks.sentiment.EXAMPLES chart 6 reads (the teaching pair in the screen's language)."""

WORDS: dict[str, tuple[str, str]] = {
    "sine.input": ("input u_t", "입력 u_t"),
    "sine.target": ("target (t+1)", "정답 (t+1)"),
    "sine.prediction": ("prediction y_t", "예측 y_t"),
    "sine.value": ("value", "값"),
    "caption.image_hover": ("row %{y}, column %{x}: ink %{z}", "%{y}행 %{x}열: 잉크 %{z}"),
    "caption.prob_title": ("Probability of each chosen word", "고른 단어마다의 확률"),
    "caption.step_word": ("step t: word", "단계 t: 단어"),
    "caption.state_hover": ("%{x}, unit %{y}: %{z:.3f}", "%{x}, 유닛 %{y}: %{z:.3f}"),
    "caption.states_title": ("Decoder states x_t (one column per written word)", "디코더 상태 x_t (쓴 단어마다 한 열)"),
    "caption.hidden_unit": ("hidden unit", "은닉 유닛"),
    "caption.digit_hover": (
        "digit %{x}: %{y:.0%} exact<br>“%{customdata}”",
        "숫자 %{x}: %{y:.0%} 정확<br>“%{customdata}”"),
    "caption.digit_title": ("Exact captions per digit (validation images)", "숫자별 정확한 설명 비율 (검증 이미지)"),
    "caption.digit_axis": ("digit in the image", "이미지 속 숫자"),
    "caption.exact_axis": ("exact captions", "정확한 설명"),
    "generate.top": ("top: {candidates}", "상위: {candidates}"),
    "generate.p_next": ("p(next character)", "p(다음 글자)"),
    "generate.next_title": (
        "Probability given to the actual next character (validation text)",
        "검증 글에서 실제 다음 글자의 확률"),
    "generate.input_char": ("input character u_t", "입력 글자 u_t"),
    "generate.probability": ("probability", "확률"),
    "generate.topk_hover": ("step %{x}, rank %{y}: %{text} p=%{z:.3f}", "단계 %{x}, 순위 %{y}: %{text} p=%{z:.3f}"),
    "generate.topk_title": (
        "Top-{k} candidates at each generated character (temperature {temperature:g})",
        "글자마다 상위 {k}개 후보의 확률 (온도 {temperature:g})"),
    "generate.chosen": ("chosen character", "뽑힌 글자"),
    "generate.rank": ("rank", "순위"),
    "sentiment.example_language": ("en", "ko"),
    "sentiment.unseen": ("never seen in training (read as <unk>)", "학습에서 못 본 토큰 (<unk>)"),
    "sentiment.p_title": ("P(positive) after each token, softmax(y_t)", "토큰마다 본 긍정 확률 softmax(y_t)"),
    "sentiment.token_t": ("token t", "토큰 t"),
    "sentiment.p_pos": ("P(positive) · above 0.5: positive", "P(긍정) · 0.5 위: 긍정"),
    "sentiment.token_input": ("token (input u_t)", "토큰 (입력 u_t)"),
    "sentiment.unit_axis": ("unit of the hidden state x_t", "은닉 상태 x_t의 성분"),
    "sentiment.p_hover": ("t=%{x} “%{customdata}”  P(positive)=%{y:.2f}", "t=%{x} “%{customdata}”  P(긍정)=%{y:.2f}"),
    "sentiment.state_hover": ("t=%{x} “%{customdata}”  unit %{y}: %{z:.3f}",
                              "t=%{x} “%{customdata}”  유닛 %{y}: %{z:.3f}"),
    "sentiment.states_title": ("Hidden state x_t after each token", "토큰마다 은닉 상태 x_t"),
    "translate.encoder": ("encoder states x_t (English words)", "인코더 상태 x_t (영어 단어)"),
    "translate.context": ("context c = x_T", "문맥 벡터 c = x_T"),
    "translate.decoder": ("decoder states x'_s (Korean it wrote)", "디코더 상태 x'_s (생성한 한국어)"),
    "translate.hidden_unit": ("hidden unit", "은닉 유닛"),
    "translate.state_hover": ("%{customdata}<br>unit %{y}: %{z:.3f}", "%{customdata}<br>유닛 %{y}: %{z:.3f}"),
    "translate.context_hover": ("c, unit %{y}: %{z:.3f}", "c, 유닛 %{y}: %{z:.3f}"),
    "translate.title": ("{source} → {sentence}  (translation)", "{source} → {sentence}  (번역)"),
    "price.actual": ("actual", "실제"),
    "price.rnn": ("RNN forecast", "RNN 예측"),
    "price.naive": ("tomorrow = today", "내일 = 오늘"),
    "price.moving_average": ("mean of the window ({window} days)", "구간 평균 ({window}일)"),
    "price.drift": ("today + mean daily change", "오늘 + 평균 하루 변화"),
    "price.held_out": ("held-out test days (never trained on)", "테스트 구간 (학습에 쓰지 않음)"),
    "price.date_axis": (
        "date (the last {shown} of {total} test days; each MAE is over all {total})",
        "날짜 (테스트 {total}일 중 마지막 {shown}일; MAE는 전체 {total}일)"),
    "price.price": ("price", "가격"),
    "price.verdict_beats": (
        "The RNN beats 'tomorrow = today' (MAE {rnn:,.2f} < {naive:,.2f}).",
        "RNN이 '내일 = 오늘'보다 좋습니다 (MAE {rnn:,.2f} < {naive:,.2f})."),
    "price.verdict_loses": (
        "The RNN does not beat 'tomorrow = today' (MAE {rnn:,.2f} ≥ {naive:,.2f});",
        "RNN이 '내일 = 오늘'을 이기지 못합니다 (MAE {rnn:,.2f} ≥ {naive:,.2f})."),
    "price.verdict_usual": ("for stock prices this is the usual outcome.", "주가에서는 흔한 결과입니다."),
    "price.verdict_drift": (
        "But it does not beat 'today + mean daily change' (MAE {drift:,.2f}), which is what a network that "
        "has learned nothing (output 0) forecasts.",
        "하지만 '오늘 + 평균 하루 변화'(MAE {drift:,.2f})보다는 못합니다. 아무것도 배우지 않은 "
        "네트워크(출력 0)의 예측이 바로 그것입니다."),
    "weather.actual": ("actual temp_max", "실제 최고기온"),
    "weather.rnn": ("RNN prediction", "RNN 예측"),
    "weather.persistence": ("tomorrow = today", "내일 = 오늘"),
    "weather.climatology": ("monthly mean", "월평균"),
    "weather.beats": ("The RNN beats 'tomorrow = today'.", "RNN이 '내일 = 오늘'보다 좋습니다."),
    "weather.loses": ("The RNN does not beat 'tomorrow = today'.", "RNN이 '내일 = 오늘'을 이기지 못합니다."),
    "weather.title": (
        "Seattle, held-out days: tomorrow's maximum temperature. {verdict}",
        "시애틀, 테스트 구간의 내일 최고기온. {verdict}"),
    "weather.date": ("date", "날짜"),
    "recall.predicted": ("predicted (probability from y_T)", "예측 (y_T의 확률)"),
    "recall.first": ("first symbol u_1", "첫 기호 u_1"),
}
