"""The `sentiment` task's panel: type a sentence, watch P(positive) and the hidden state x_t
token by token, see which tokens the network never saw; teach it the sentence (label it, add it to
this session's training data, press Train); add many labelled sentences at once."""
import streamlit as st

from core.charts.sentiment import probability_figure, state_heatmap
from core.tasks.sentiment import (
    EXAMPLES,
    LABELS,
    MAX_INPUT_CHARS,
    UNKNOWN_WARNING,
    SentimentTask,
    parse_lines,
    parse_source,
)
from core.train import Trainer

from .. import safe
from ..i18n import lang, said, tr, words

MAX_UPLOAD = 20 * 1024 * 1024  # bytes of pasted text we accept (the server has its own limit)


def view(trainer: Trainer) -> None:
    task = trainer.task
    st.subheader(tr("Read a sentence token by token", "문장을 토큰 하나씩 읽기"))
    st.caption(tr("After every token u_t the network has a hidden state x_t and an answer "
                  "softmax(y_t). Only the answer after the last token counts; the ones before show "
                  "how the network changes its mind, for example at “not”.",
                  "토큰 u_t를 읽을 때마다 은닉 상태 x_t와 답 softmax(y_t)가 나옵니다. 마지막 토큰 뒤의 답만 "
                  "쓰이지만, 그 전의 답을 보면 네트워크가 어디서 생각을 바꾸는지(예: “않”) 보입니다."))
    ex = EXAMPLES["ko" if lang() == "ko" else "en"]
    text = st.text_input(tr("Your sentence (English or Korean)", "문장 (영어 또는 한국어)"), value=ex[0],
                         max_chars=MAX_INPUT_CHARS, key="sentiment_text")
    st.caption(tr("Try: ", "예: ") + " · ".join(EXAMPLES["en"] + EXAMPLES["ko"]))
    try:
        trace = task.trace(trainer.model, text)  # no_grad and no dropout inside; never steps the model
    except ValueError as e:
        st.error(safe.text(said(e)))
        return
    p = float(trace["p_pos"][-1])
    positive = p >= 0.5
    st.metric(tr("Answer after the last token", "마지막 토큰 뒤의 답"),
              (tr("positive", "긍정") if positive else tr("negative", "부정")) + f"  {max(p, 1 - p):.2f}")
    for note in trace["notes"]:
        st.info(said(note))
    if trace["unknown_share"] >= UNKNOWN_WARNING:
        st.warning(tr(f"{trace['unknown_share']:.0%} of these tokens were never seen in training (red, read as "
                      "<unk>): this answer rests mostly on unknown input.",
                      f"이 토큰의 {trace['unknown_share']:.0%}는 학습에서 한 번도 못 본 것입니다 (빨간색, <unk>로 "
                      "읽음): "
                      "이 답은 대부분 모르는 입력에 기대고 있습니다."), icon=":material/help:")
    elif trace["unknown"]:
        st.caption(tr("Never seen in training (red, read as <unk>): ", "학습에서 못 본 토큰 (빨간색, <unk>로 읽음): ")
                   + safe.text(", ".join(trace["unknown"][:30])))
    st.plotly_chart(probability_figure([(text[:40], trace["tokens"], trace["p_pos"])], words(), trace["is_unknown"]),
                    key="chart_sentiment_prob")
    st.plotly_chart(state_heatmap(trace["tokens"], trace["states"], words(), trace["is_unknown"]),
                    key="chart_sentiment_states")
    st.caption(tr("Each column is x_t after reading that token: the sentence so far, compressed into "
                  f"{trace['states'].shape[1]} numbers.",
                  f"열 하나가 그 토큰까지 읽은 뒤의 x_t입니다: 지금까지의 문장을 {trace['states'].shape[1]}개의 "
                  "숫자로 요약한 것."))
    teach(task, text)


def teach(task: SentimentTask, text: str) -> None:
    """Label the sentence above (and more of the same label), add them to this run's training
    data; the next Train steps learn them and the loss chart shows the loss on them."""
    with st.container(border=True, key="sentiment_teach"):
        st.markdown(tr("**Teach it this sentence**", "**이 문장 가르치기**"))
        label = st.radio(tr("The right answer for your sentence", "내 문장의 맞는 답"), list(LABELS), index=None,
                         horizontal=True, key="sentiment_teach_label",
                         format_func=lambda v: tr(v, {"positive": "긍정", "negative": "부정"}[v]))
        more = st.text_area(tr("More sentences with the same answer (optional, one per line)",
                               "같은 답의 문장 더 (선택, 한 줄에 하나)"), key="sentiment_teach_more", height=80)
        if st.button(tr("Add to this session's training data", "이 세션의 학습 데이터에 추가"),
                     key="sentiment_teach_add"):
            try:
                if label is None:
                    raise ValueError(tr("Choose positive or negative first.", "먼저 긍정이나 부정을 고르세요."))
                lines = "\n".join([text] + [line for line in (more or "").splitlines() if line.strip()])
                pairs = parse_source(parse_lines(lines, label))
                task.add_user(pairs)  # the caller holds the run's lock: no step runs meanwhile
                st.session_state.setdefault("sources", {})[task.name] = task.source_state()
                st.session_state["sentiment_taught"] = len(pairs)
            except ValueError as e:
                st.error(safe.text(said(e)))
            else:
                st.rerun()  # redraw the sentence above: its tokens are known now
        added = st.session_state.pop("sentiment_taught", None)
        if added:
            st.success(tr(f"Added {added}. Press Train: the dashed red line on the loss chart is the loss on "
                          "your sentences.",
                          f"{added}개를 추가했습니다. 학습을 누르세요: 손실 차트의 빨간 점선이 내 문장의 손실입니다."))
        if task.user:
            st.caption(tr(f"Your sentences in this session's training data: {len(task.user)} (saved and downloaded "
                          "with the run).",
                          f"이 세션의 학습 데이터에 있는 내 문장: {len(task.user)}개 "
                          "(실행과 함께 저장·다운로드됩니다)."))


def data_panel(current_source: list | None) -> list | None:
    """Add labelled sentences to the training set. Returns the new source (a list of
    [sentence, label] pairs) when Apply is pressed and the lines are valid; [] to remove yours."""
    try:
        current = [[t, LABELS[y]] for t, y in parse_source(current_source)]
    except ValueError:
        current = []
    st.caption(tr(f"Your sentences in the training set now: {len(current)}. They are added to the "
                  "bundled training sentences; the held-out sentences stay the same.",
                  f"지금 학습 데이터에 들어간 내 문장: {len(current)}개. 기본 학습 문장에 더해지며, "
                  "평가용 문장은 그대로입니다."))
    modes = ["positive", "negative", "lines"]
    mode = st.radio(tr("Label", "레이블"), modes, key="sentiment_user_label", horizontal=True,
                    format_func=lambda m: {"positive": tr("all positive", "모두 긍정"),
                                           "negative": tr("all negative", "모두 부정"),
                                           "lines": tr("per line: label<TAB>sentence", "줄마다: 레이블<TAB>문장")}[m])
    text = st.text_area(tr("One sentence per line", "한 줄에 한 문장"), height=150, key="sentiment_user_text",
                        placeholder="the soup was not too salty\n국물이 짜지 않았다" if mode != "lines"
                        else "positive\tthe soup was not too salty\nnegative\t국물이 너무 짰다")
    left, right = st.columns(2)
    apply = left.button(tr("Apply: train a new network with these", "적용: 이 문장들로 새로 학습"),
                        key="sentiment_apply", type="primary")
    clear = right.button(tr("Remove my sentences", "내 문장 지우기"), key="sentiment_clear", disabled=not current)
    if clear:
        return []
    if not apply:
        return None
    try:
        if len(text.encode("utf-8")) > MAX_UPLOAD:
            raise ValueError(tr(f"This text is larger than {MAX_UPLOAD // 2**20} MB; add fewer sentences.",
                                f"글이 {MAX_UPLOAD // 2**20} MB보다 큽니다. 문장을 줄여 주세요."))
        source = current + parse_lines(text, None if mode == "lines" else mode)
        SentimentTask(SentimentTask.seq_len_bounds[2], 0, source)  # the same checks the new run makes
    except ValueError as e:
        st.error(safe.text(said(e)))
        return None
    return source
