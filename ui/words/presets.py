"""Catalogue: each example's menu title and what to look at (preset.<name>.title / .blurb).
The blurbs state facts about training; tests/test_claims_presets.py computes each.
id -> (English, 한국어)."""

WORDS: dict[str, tuple[str, str]] = {
    "preset.weather.title": ("Tomorrow's weather (many-to-many)", "내일의 날씨 (다대다)"),
    "preset.weather.blurb": (
        "Seattle's daily weather: today's readings in, tomorrow's maximum temperature out, at every step.",
        "시애틀의 일별 날씨: 오늘의 관측값으로 매 스텝 내일의 최고 기온을 예측합니다."),
    "preset.price.title": ("30-day stock price → tomorrow (many-to-one)", "30일 주가 → 내일 (다대일)"),
    "preset.price.blurb": (
        "The last 30 days of a real index in, tomorrow's value out; compared honestly with naive forecasts.",
        "실제 지수의 최근 30일로 내일 값을 예측하고, 단순 예측과 정직하게 비교합니다."),
    "preset.sentiment.title": ("Sentiment of a sentence (many-to-one)", "문장의 감정 (다대일)"),
    "preset.sentiment.blurb": (
        "English and Korean sentences; watch the probability flip at 'not' / '않다'.",
        "영어와 한국어 문장: 'not'과 '않다'에서 확률이 뒤집히는 것을 보세요."),
    "preset.translate.title": (
        "\"I love deep learning\" → Korean (Seq2Seq)",
        "\"I love deep learning\" → 한국어 (Seq2Seq)"),
    "preset.translate.blurb": (
        "An encoder reads English, its last state is the context, a decoder writes Korean (SVO → SOV).",
        "인코더가 영어를 읽고 마지막 상태가 문맥 벡터가 되며, 디코더가 한국어를 씁니다 (SVO → SOV)."),
    "preset.caption.title": ("Image captioning (one-to-many)", "이미지 캡션 (일대다)"),
    "preset.caption.blurb": (
        "An image encoder gives x_0; the RNN writes the caption word by word.",
        "이미지 인코더가 x_0를 주고, RNN이 캡션을 한 단어씩 씁니다."),
    "preset.generate.title": ("Sentence generation (one-to-many)", "문장 생성 (일대다)"),
    "preset.generate.blurb": (
        "A character-level RNN continues your text; the temperature sets how adventurous it is.",
        "문자 단위 RNN이 글을 이어 씁니다. 온도가 얼마나 과감할지를 정합니다."),
    "preset.vanishing.title": ("Vanishing gradients", "기울기 소실"),
    "preset.vanishing.blurb": (
        "Remember the first symbol for 60 steps with tanh: ‖∂L/∂x_t‖ dies towards early t and the Elman "
        "cell stays at chance (0.25). Now choose LSTM or GRU with the same seed: their memory gate starts "
        "open, the gradient reaches t = 1 and they reach accuracy 1.00 (5 of 5 seeds in "
        "bench/results/vanishing.md).",
        "tanh로 60스텝 동안 첫 기호를 기억하기: 앞쪽 t로 갈수록 ‖∂L/∂x_t‖가 사라지고 Elman 셀은 우연 "
        "수준(0.25)에 머뭅니다. 이제 같은 시드로 LSTM이나 GRU를 고르세요: 기억 게이트가 열린 채 시작해 "
        "기울기가 t = 1까지 닿고 정확도 1.00에 이릅니다 (bench/results/vanishing.md, 시드 5개 중 5개)."),
    "preset.exploding.title": ("Exploding gradients", "기울기 폭주"),
    "preset.exploding.blurb": (
        "A linear cell (σ = identity), T = 100, plain SGD with learning rate 1 and no clipping. Press "
        "Train: ρ(W_xx) leaps past 1 and the gradient blows up within a few steps; the run pauses and the "
        "charts keep the last finite step. Those weights are already far past ρ = 1: trained on, clipped or "
        "not, they blow up again. Then set clipping to 1, press Reset (a new network, same seed) and Train: "
        "all of the first 1,000 steps stay finite and the loss falls. Clipping caps each step, not ρ(W_xx): "
        "with a learning rate this large, trained on for thousands of steps, it can still blow up.",
        "선형 셀(σ = 항등), T = 100, 학습률 1의 SGD, 클리핑 없음. 학습을 누르면 몇 스텝 안에 ρ(W_xx)가 1을 "
        "훌쩍 넘고 기울기가 폭주합니다. 학습이 멈추고 차트는 마지막 유한한 스텝을 보여 줍니다. 그 가중치는 "
        "이미 ρ = 1을 한참 넘어서, 클리핑을 하든 안 하든 계속 학습하면 다시 폭주합니다. 이제 클리핑을 1로 "
        "두고 초기화(같은 시드의 새 네트워크)를 누른 뒤 학습하면 처음 1,000 스텝이 모두 유한하고 손실이 "
        "줄어듭니다. 클리핑은 한 스텝의 크기를 제한할 뿐 ρ(W_xx)를 막지 않으므로, 이렇게 큰 학습률로 수천 "
        "스텝 계속 학습하면 여전히 폭주할 수 있습니다."),
}
