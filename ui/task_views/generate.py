"""The `generate` task's panel: let the network write from a start string, and choose the text
it learns from (a bundled text, a pasted one or a .txt file)."""
import streamlit as st
import torch

from core.charts.generate import topk_figure
from core.csvtext import decode
from core.tasks.generate import BUNDLED, DEFAULT_TEXT, MAX_CHARS, GenerateTask, generate, load_text
from core.train import Trainer

from .. import safe
from ..copyline import copy_line
from ..i18n import said, tr, words
from ..uploads import parsed_once

MAX_UPLOAD = 5 * 2**20  # bytes; the server has its own limit, this one is ours (checked before reading)


def _default_start(task) -> str:
    """A start string the network can read: the first words of the first real line of the text."""
    lines = [ln.strip() for ln in task.decode(task.train_ids[:2000]).split("\n")]
    line = next((ln for ln in lines if len(ln) >= 30), lines[0] if lines else "")
    return " ".join(line.split()[:3]) or task.decode(task.train_ids[:1])


def view(trainer: Trainer) -> None:
    task = trainer.task
    st.subheader(tr("Let the network write", "네트워크에게 글쓰기 시키기"))
    st.caption(tr("One-to-many: from your start string the network picks the next character from "
                  "softmax(y_t / τ), feeds it back as u_{t+1}, and repeats. Low temperature τ: safe, "
                  "repetitive; high τ: adventurous, misspelled.",
                  "일대다: 시작 문자열 다음 글자를 softmax(y_t / τ)에서 뽑아 u_{t+1}로 다시 넣고, 이를 반복합니다. "
                  "온도 τ가 낮으면 안전하고 반복적, 높으면 대담하고 철자가 틀립니다."))
    for note in getattr(task, "notices", []):
        st.info(said(note))
    if st.session_state.get("generate_for") != id(task):
        # A new run (maybe on another text): forget the old output, start from this text's words.
        st.session_state["generate_for"] = id(task)
        st.session_state["generate_start"] = _default_start(task)
        st.session_state.pop("generate_result", None)
    left, right = st.columns([2, 1])
    start = left.text_input(tr("Start string", "시작 문자열"), max_chars=500, key="generate_start")
    temperature = right.slider(tr("Temperature τ", "온도 τ"), 0.0, 2.0, 0.8, 0.05, key="generate_temperature",
                               help=tr("0 always takes the most likely character.",
                                       "0이면 항상 가장 그럴듯한 글자를 고릅니다."))
    a, b, c = st.columns([2, 1, 1])
    length = a.slider(tr("Characters to write", "쓸 글자 수"), 10, 1000, 300, 10, key="generate_length")
    seed = b.number_input(tr("Seed", "시드"), 0, 2**31 - 1, 0, key="generate_seed",
                          help=tr("Same seed, same text.", "같은 시드면 같은 글이 나옵니다."))
    c.write("")
    if c.button(tr("Generate", "생성"), key="generate_go", type="primary"):
        try:
            clean, note = task.clean_start(start)
            gen = torch.Generator().manual_seed(int(seed))
            with torch.no_grad():
                text, steps = generate(trainer.model, task, clean, int(length), float(temperature), gen)
            st.session_state["generate_result"] = {"start": clean, "text": text, "steps": steps,
                                                   "temperature": float(temperature), "note": note}
        except ValueError as e:
            st.session_state.pop("generate_result", None)
            st.error(safe.text(said(e)))
    result = st.session_state.get("generate_result")
    if result:
        if result["note"]:
            st.warning(safe.text(said(result["note"])))
        st.caption(tr(f"Your start string ({len(result['start'])} characters), then {len(result['text'])} "
                      "generated characters:",
                      f"시작 문자열({len(result['start'])}자) 뒤에 생성된 {len(result['text'])}자:"))
        copy_line(result["start"] + result["text"], "copy_generated")
        first, shown = 0, 48
        if len(result["steps"]) > shown:
            first = st.slider(tr("First step shown", "보여 줄 첫 단계"), 0, len(result["steps"]) - shown, 0,
                              key="generate_first_step")
        st.plotly_chart(topk_figure(result["text"], result["steps"], result["temperature"], words(), first, shown),
                        key="chart_generate_topk")
        st.caption(tr("Each column is one generated character; the rows are the five likeliest candidates "
                      "of the distribution it was drawn from, with their probabilities as colour.",
                      "열마다 생성된 글자 하나, 행은 그 글자를 뽑은 분포의 상위 5개 후보이며 색이 확률입니다."))


def _too_large(size: int) -> str:
    mb, most = f"{size / 2**20:.1f}", MAX_UPLOAD // 2**20
    return tr(f"This file is {mb} MB; text files of at most {most} MB are read "
              f"(only the first {MAX_CHARS:,} characters are used anyway).",
              f"파일 크기가 {mb} MB입니다. 텍스트 파일은 최대 {most} MB까지 읽습니다 "
              f"(어차피 처음 {MAX_CHARS:,}자만 씁니다).") if size > MAX_UPLOAD else ""


def _read_upload(data: bytes) -> tuple[str, list]:
    """(the text the task will use, notices) of an uploaded file: parsed once per content, so the
    session keeps at most MAX_CHARS characters, not the file."""
    read = []  # read as CP949 (Korean Windows text), if it was
    text, _, notices = load_text({"text": decode(data, read, plain=True)})
    return text, read + notices


def data_panel(current_source: str | dict | None) -> str | dict | None:
    """Pick a bundled text or bring your own. Returns a new source when Apply is pressed and the
    text is usable, else None."""
    keys = list(BUNDLED) + ["own"]
    current = DEFAULT_TEXT
    if isinstance(current_source, str) or (isinstance(current_source, dict) and "text" in current_source):
        current = "own"
    elif isinstance(current_source, dict) and current_source.get("bundled") in BUNDLED:
        current = current_source["bundled"]
    choice = st.radio(tr("Text to learn from", "학습할 글"), keys, index=keys.index(current), key="generate_source",
                      format_func={k: words()[f"corpus.{k}"] if k in BUNDLED else
                                   tr("Your own text (paste or upload)", "직접 가져온 글 (붙여넣기 또는 업로드)")
                                   for k in keys}.get)
    pasted, upload, uploaded = "", None, None
    if choice == "own":
        pasted = st.text_area(tr(f"Paste a text (up to {MAX_CHARS:,} characters are used)",
                                 f"글을 붙여넣으세요 (최대 {MAX_CHARS:,}자까지 사용)"), height=200,
                              key="generate_paste")
        upload = st.file_uploader(tr(f"…or upload a .txt file (UTF-8, at most {MAX_UPLOAD // 2**20} MB)",
                                     f"…또는 .txt 파일 업로드 (UTF-8, 최대 {MAX_UPLOAD // 2**20} MB)"),
                                  type=["txt"], key="generate_upload")
        try:  # at once, so a bad file is said before Apply; once per content, not on every rerun
            uploaded = parsed_once("generate_upload_parsed", upload, _read_upload, _too_large)
        except ValueError as e:
            st.error(safe.text(said(e)))
        st.caption(tr("Every character counts: emoji, Korean, HTML tags are all just characters. A longer text "
                      "(tens of thousands of characters) gives the network more to learn.",
                      "모든 글자가 어휘가 됩니다: 이모지, 한글, HTML 태그도 그냥 글자입니다. 글이 길수록(수만 자) 배울 "
                      "것이 많습니다."))
    if not st.button(tr("Apply", "적용"), key="generate_apply"):
        return None
    try:
        if choice in BUNDLED:
            source = {"bundled": choice}
        elif upload is not None:
            if uploaded is None:
                return None  # the file's problem is said above
            text, notices = uploaded
            for note in notices:
                st.info(said(note))
            source = {"text": text, "name": upload.name}
        else:
            source = {"text": pasted, "name": "pasted text"}
        lo = GenerateTask.seq_len_bounds[0]
        task = GenerateTask(lo, 0, source)  # validates; the page rebuilds it with its own window length
        source = task.source_state()
        for note in task.notices:
            st.info(said(note))
    except ValueError as e:
        st.error(safe.text(said(e)))
        return None
    return source
