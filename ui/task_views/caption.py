"""The caption task's panel: pick a held-out image, read the caption the decoder writes for it,
see how sure it was of every word and which states x_t it went through."""
import random

import streamlit as st
import torch

from core.charts import caption as charts
from core.tasks.caption import caption_words
from core.train import Trainer
from ui import safe
from ui.copyline import copy_line
from ui.i18n import said, tr, words


def _pick_random(n: int):
    # A callback runs before the widgets are drawn, so it may set the number input's value.
    st.session_state["caption_index"] = random.randrange(n)


def view(trainer: Trainer) -> None:
    task = trainer.task
    n = len(task.splits["test"])
    st.session_state.setdefault("caption_index", 0)
    if not 0 <= st.session_state["caption_index"] < n:
        st.session_state["caption_index"] = 0
    st.markdown(tr(f"Pick one of the {n} held-out test images (never used in training); "
                   "the image sets the decoder's first state x_0.",
                   f"학습에 쓰지 않은 테스트 이미지 {n}장 중 하나를 고르세요. "
                   "이미지가 디코더의 첫 상태 x_0을 정합니다."))
    st.markdown(tr("The post's example is a photo: an image of a dog and a cat → \"A dog and a cat are playing "
                   "together on the grass\". Here every caption is a fixed sentence written from the digit's class "
                   f"(every seven is “{' '.join(caption_words(7))}”): the one-to-many structure is real, the "
                   "“vision” is recognising the digit.",
                   "글의 예는 사진입니다: 개와 고양이가 있는 이미지 → \"A dog and a cat are playing together on the "
                   "grass\"(개와 고양이가 잔디 위에서 함께 놀고 있다). 여기서 캡션은 모두 숫자의 종류로 정해진 고정 "
                   f"문장입니다(7은 모두 “{' '.join(caption_words(7))}”). 일대다 구조는 진짜이고, “시각”은 숫자를 "
                   "알아보는 일입니다."))
    pick, rand = st.columns([3, 1], vertical_alignment="bottom")
    pick.number_input(tr("Test image number", "테스트 이미지 번호"), min_value=0, max_value=n - 1,
                      step=1, key="caption_index")
    rand.button(tr("Random image", "무작위 이미지"), key="caption_random", on_click=_pick_random, args=(n,))
    try:
        with torch.no_grad():
            c = task.caption(trainer.model, int(st.session_state["caption_index"]), "test")
    except ValueError as e:
        st.error(safe.text(said(e)))
        return

    written = " ".join(w for w in c.words if w != "<eos>")
    image, text = st.columns([1, 2])
    image.plotly_chart(charts.image_figure(c.pixels, tr(f"Test image {c.index}", f"테스트 이미지 {c.index}"),
                                           words()), key="chart_caption_image")
    with text:
        st.markdown(tr("**The network writes:**", "**신경망이 쓴 설명:**"))
        copy_line(written or "(nothing)", "copy_caption_written")
        st.markdown(tr("**True caption:**", "**정답 설명:**"))
        copy_line(" ".join(c.truth), "copy_caption_truth")
        if c.exact:
            st.success(tr("Exact: every word and the end token are right.",
                          "정확: 모든 단어와 끝 토큰이 맞습니다."))
        elif "<eos>" not in c.words:
            st.warning(tr(f"Not exact: the decoder did not write `<eos>` within T = {task.seq_len} steps.",
                          f"틀림: 디코더가 T = {task.seq_len} 단계 안에 `<eos>`를 쓰지 않았습니다."))
        else:
            st.warning(tr("Not exact yet: keep training and watch the probabilities below.",
                          "아직 틀립니다: 더 학습시키며 아래 확률을 지켜보세요."))
    st.plotly_chart(charts.word_prob_figure(c.words, c.probs, words()), key="chart_caption_probs")
    st.plotly_chart(charts.states_figure(c.states, c.words, words()), key="chart_caption_states")
    st.caption(tr("Greedy decoding: at each step the most probable word is written and fed back as the "
                  "next input u_t.",
                  "탐욕적 디코딩: 단계마다 확률이 가장 큰 단어를 쓰고, 그 단어를 다음 입력 u_t로 넣습니다."))
