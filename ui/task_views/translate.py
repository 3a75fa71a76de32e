"""The translate task's panel: type English, read the Korean the network writes, and see the
encoder states, the context vector and the decoder states that carried the sentence across."""
import streamlit as st
import torch

from core.charts.translate import translation_figure
from core.train import Trainer
from ui import safe
from ui.copyline import copy_line
from ui.i18n import said, tr, words


def view(trainer: Trainer) -> None:
    """Text input → greedy translation → one figure of encoder / context / decoder states.
    Only reads trainer.model (under no_grad); never steps it; never raises."""
    task = trainer.task
    text = st.text_input(tr("English sentence", "영어 문장"), value=task.post_sentence[0],
                         key="translate_text", max_chars=300,
                         help=tr("Words the network has seen in training; case and punctuation do not matter.",
                                 "학습 때 본 단어만 쓸 수 있습니다. 대소문자와 문장부호는 상관없습니다."))
    try:
        with torch.no_grad():
            result = task.translate(trainer.model, text)
    except ValueError as e:
        st.error(safe.text(said(e)))
        return
    st.markdown(f"**{tr('Translation', '번역')}:**")
    copy_line(result.sentence or "∅", "copy_translation")
    typed = " ".join(w for w in result.english if w != "·").lower()
    if typed == task.post_sentence[0].lower():
        ok = result.sentence == task.post_sentence[1]
        note = tr(f"The post's example. It was never in the training data; the correct answer is "
                  f"“{task.post_sentence[1]}”.",
                  f"글의 예문입니다. 학습 데이터에는 없었고, 정답은 “{task.post_sentence[1]}”입니다.")
        (st.success if ok else st.info)(note)
    st.caption(tr("Left: the encoder's state x_t after each English word (· = padding in front). "
                  "Middle: its last state, the context vector c, which is all the decoder gets. "
                  "Right: the decoder's state x'_s at each Korean word it wrote, starting from c.",
                  "왼쪽: 영어 단어마다 인코더의 상태 x_t (· = 앞쪽 채움). 가운데: 마지막 상태인 문맥 "
                  "벡터 c — 디코더가 받는 것은 이것뿐입니다. 오른쪽: c에서 시작해 한국어 단어를 하나씩 "
                  "쓸 때의 디코더 상태 x'_s."))
    st.plotly_chart(translation_figure(result, words()), key="chart_translate_states", width="stretch")
