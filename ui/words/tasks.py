"""Catalogue: each task's title and one-sentence summary (task.<name>.title / .summary), its
metric (metric.<Task.metric>) and the bundled texts of generation (corpus.<key>). id -> (English, 한국어)."""

WORDS: dict[str, tuple[str, str]] = {
    "task.sine.title": ("Noisy sine: predict the next value", "잡음 섞인 사인파: 다음 값 예측"),
    "task.sine.summary": (
        "u_t is a noisy sample of a sine wave; y_t should be the clean value at t+1.",
        "u_t는 잡음이 섞인 사인파, y_t는 t+1 시점의 깨끗한 값을 예측합니다."),
    "metric.r2": ("R² (1 = perfect)", "결정계수 R² (1 = 완벽)"),
    "task.caption.title": ("Caption a handwritten digit (one-to-many)", "손글씨 숫자 이미지 설명하기 (일대다)"),
    "task.caption.summary": (
        "An 8×8 digit image sets the first state x_0; the RNN then writes a caption word by word.",
        "8×8 숫자 이미지가 첫 상태 x_0을 정하고, RNN이 설명 문장을 한 단어씩 씁니다."),
    "metric.exact_captions": ("exact captions on unseen images", "처음 보는 이미지의 정확한 설명 비율"),
    "task.generate.title": ("Text generation: one character at a time", "문장 생성: 한 글자씩"),
    "task.generate.summary": (
        "u_t is a character of the text, y_t scores the next one; then the network writes by feeding its "
        "own samples back.",
        "u_t는 글의 한 글자, y_t는 다음 글자의 점수입니다. 학습 후에는 자기가 뽑은 글자를 다시 넣어 글을 "
        "씁니다."),
    "metric.bpc": ("bits per character (lower is better)", "글자당 비트 (낮을수록 좋음)"),
    "task.price.title": ("Price: last days → tomorrow", "가격: 지난 며칠 → 내일"),
    "task.price.summary": (
        "u_t is the daily change of a real price series over the last T days; y_T is tomorrow's price, "
        "compared with 'tomorrow = today'.",
        "u_t는 실제 가격의 지난 T일 동안의 하루 변화, y_T는 내일 가격입니다. '내일 = 오늘'과 비교합니다."),
    "metric.mae_price": ("MAE in price units (lower is better)", "평균 절대 오차, 가격 단위 (낮을수록 좋음)"),
    "task.recall.title": ("Long memory: recall the first symbol", "긴 기억: 첫 기호 기억하기"),
    "task.recall.summary": (
        "u_1 is one of A–D, then T−1 random distractors; y_T must name the first symbol.",
        "u_1은 A–D 중 하나, 이어서 T−1개의 무작위 방해 기호; y_T가 첫 기호를 맞혀야 합니다."),
    "metric.accuracy_chance": ("accuracy (chance 0.25)", "정확도 (우연 0.25)"),
    "task.sentiment.title": ("Sentiment: is this sentence positive?", "감성 분류: 긍정일까 부정일까?"),
    "task.sentiment.summary": (
        "Many-to-one: read a sentence (English or Korean) token by token; after the last token say positive "
        "or negative. Watch the answer flip at 'not' / '않'.",
        "다대일: 문장(영어·한국어)을 토큰 하나씩 읽고 마지막에 긍정/부정을 말합니다. 'not'이나 '않'에서 "
        "답이 뒤집히는지 보세요."),
    "metric.accuracy": ("accuracy", "정확도"),
    "task.translate.title": ("Translate English → Korean (Seq2Seq)", "영어 → 한국어 번역 (Seq2Seq)"),
    "task.translate.summary": (
        "An encoder RNN reads an English sentence into one context vector; a decoder RNN starts from it and "
        "writes the Korean sentence word by word (S-V-O becomes S-O-V).",
        "인코더 RNN이 영어 문장을 하나의 문맥 벡터로 요약하고, 디코더 RNN이 그 벡터에서 시작해 한국어 "
        "문장을 한 단어씩 씁니다 (주어-동사-목적어 → 주어-목적어-동사)."),
    "metric.exact_match": ("exact-match accuracy (greedy)", "완전 일치 정확도 (탐욕 디코딩)"),
    "task.weather.title": ("Weather: today → tomorrow's temperature", "날씨: 오늘 → 내일 최고기온"),
    "task.weather.summary": (
        "u_t is today's weather in Seattle (rain, temperatures, wind, sky); y_t is tomorrow's maximum "
        "temperature, at every day.",
        "u_t는 시애틀의 오늘 날씨(비, 기온, 바람, 하늘), y_t는 매일의 내일 최고기온입니다."),
    "metric.mae_celsius": ("MAE in °C (lower is better)", "평균 절대 오차 °C (낮을수록 좋음)"),
    "corpus.sonnets": ("Shakespeare, Sonnets (English, 96k characters)", "셰익스피어 소네트 (영어, 9.6만 자)"),
    "corpus.macbeth": (
        "Shakespeare, Macbeth (English play, 103k characters)",
        "셰익스피어 맥베스 (영어 희곡, 10만 자)"),
    "corpus.post": (
        "The RNN lecture post (Korean, 2.4k characters: the network will memorise it)",
        "RNN 강의 글 (한국어, 2,400자: 네트워크가 외워 버립니다)"),
}
