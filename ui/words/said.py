"""Catalogue: what core's readers say about a person's file or paste (core/said.py), as
said.<id>. The English lives once, in core.said.ENGLISH (it is also the CLI's and the logs'
language); the Korean is here, with the same {fields}. A field that is itself a Said (a date,
a reason) is worded on its own, so a clause such as dates.why.* ends where the sentence around
it ("… 때문입니다") expects it to."""
from core.said import ENGLISH

KOREAN: dict[str, str] = {
    "csv.no_file": "{path}에 파일이 없습니다.",
    "csv.too_big": ("파일 크기가 {mb:.1f} MB입니다. 최대 {max_mb} MB까지 읽습니다 "
                    "({max_rows:,}행짜리 일별 가격 데이터도 이보다 작습니다)."),
    "csv.too_many_lines": ("파일이 {lines:,}줄입니다. 최대 {max_rows:,}행까지 읽습니다 (거래일로 약 400년). "
                           "필요한 날짜만 남기거나 주별·월별 데이터로 저장하세요."),
    "csv.empty": "파일이 비어 있습니다. 날짜 열과 가격 열이 있는 CSV가 필요합니다. 예:\n{example}",
    "csv.binary": ("텍스트 파일이 아닙니다 (스프레드시트, PDF 또는 다른 바이너리 파일로 보입니다). "
                   "CSV(쉼표로 구분된 텍스트)로 저장한 뒤 다시 시도하세요."),
    "csv.cp949": "파일이 UTF-8이 아니어서 한국어 Windows 인코딩(CP949)으로 읽었습니다.",
    "csv.cp1252": "파일이 UTF-8이 아니어서 서유럽 Windows 인코딩(Windows-1252)으로 읽었습니다.",
    "csv.not_utf8": "파일이 UTF-8 텍스트가 아닙니다. 'CSV UTF-8(쉼표로 분리)' 형식으로 저장한 뒤 다시 시도하세요.",
    "csv.one_field": ("날짜 열을 찾지 못했습니다: 모든 줄에 값이 하나뿐입니다. 쉼표나 세미콜론으로 구분된 "
                      "날짜 열과 가격 열이 필요합니다. 예:\n{example}"),
    "prices.too_few_rows": ("데이터가 {rows}행입니다. {window}일 구간에는 최소 {need}행이 필요합니다 "
                            "(예측마다 지난 {window}일의 데이터, 그리고 학습과 테스트에 쓸 날들). "
                            "구간을 줄이거나 더 긴 데이터를 쓰세요."),
    "prices.no_date_column": ("날짜 열을 찾지 못했습니다 (열: {columns}). {name_en} 또는 {name_ko} 같은 이름에 "
                              "2024-01-31 같은 값이 든 열이 필요합니다. 예:\n{example}"),
    "prices.no_header": "첫 줄이 열 이름이 아니라 값이어서 데이터로 읽었습니다.",
    "prices.header_only": "파일에 머리글({header})은 있지만 데이터 행이 없습니다.",
    "prices.sep_semicolon": "열이 ';'로 구분되어 있었습니다.",
    "prices.sep_tab": "열이 탭으로 구분되어 있었습니다.",
    "prices.sep_pipe": "열이 '|'로 구분되어 있었습니다.",
    "prices.no_number_column": ("날짜 말고는 숫자 열을 찾지 못했습니다 (열: {columns}). "
                                "101.5, $1,234.50, 1.234,50 같은 가격이 필요합니다. 예:\n{example}"),
    "prices.undated_rows": "{rows}개 행은 날짜를 읽을 수 없어 뺐습니다 (첫 번째는 데이터 {row}행: '{value}').",
    "prices.unknown_symbol": "파일에 '{symbol}' 종목이 없습니다. 있는 종목: {symbols}.",
    "prices.long_file": ("파일의 '{column}' 열에 종목이 {count}개 있습니다 ({shown}). 종목마다 '{value}' 값을 "
                         "열 하나로 만들었습니다. 지금 보이는 종목: {chosen}."),
    "prices.sorted": "날짜가 순서대로 있지 않아 오래된 날부터 최근 날 순으로 정렬했습니다.",
    "prices.duplicates": "{count}개 날짜가 두 번 이상 나왔습니다 (첫 번째: {first}). 날짜마다 마지막 행을 남겼습니다.",
    "prices.filled": ("'{column}' 열에 빠진 값이 {count}개 있었습니다 (첫 번째: {first}). "
                      "각각 전날 값으로 채웠습니다 (forward fill)."),
    "prices.no_numbers": "날짜 말고는 숫자 열을 찾지 못했습니다. 예:\n{example}",
    "prices.gaps": ("날짜 사이에 일주일보다 긴 간격이 {count}개 있습니다 (가장 긴 것: {date} 전의 {days}일). "
                    "행들을 연속된 날로 보고 차례대로 씁니다."),
    "prices.ohlc": "시가/고가/저가/종가 내보내기 파일로 보입니다. 기본으로 '{column}' 열을 씁니다.",
    "prices.paste_empty": "먼저 가격을 붙여 넣으세요. 예: 101.5, 102.25, 101.75 또는 날짜와 가격이 있는 CSV 줄.",
    "prices.not_a_number": ("숫자가 아닌 값이 있습니다: '{value}'. 가격을 쉼표나 줄바꿈으로 구분해 붙여 넣으세요. "
                            "예: 101.5, 102.25"),
    "prices.no_dates": "날짜가 없어서 붙여 넣은 순서대로 1일째, 2일째, 3일째, … 로 번호를 붙였습니다.",
    "prices.no_such_column": "'{column}' 열이 없습니다. 다음 중에서 고르세요: {columns}.",
    "prices.infinite": "'{column}' 열에 무한대 값이 있습니다.",
    "dates.excel": "날짜가 Excel 일련번호({origin}부터 센 날 수)였습니다: {value} = {date}.",
    "dates.unix_seconds": "날짜가 Unix 타임스탬프(1970-01-01 UTC부터 센 초)였습니다.",
    "dates.unix_milliseconds": "날짜가 Unix 타임스탬프(1970-01-01 UTC부터 센 밀리초)였습니다.",
    "dates.day_first": ("날짜는 월/일로도 일/월로도 읽을 수 있는데, 일/월로 읽었습니다 ({example} = {date}). "
                        "{why} 때문입니다."),
    "dates.month_first": ("날짜는 월/일로도 일/월로도 읽을 수 있는데, 미국식 월/일로 읽었습니다 "
                          "({example} = {date}). {why} 때문입니다."),
    "dates.month_first_even": ("날짜는 월/일로도 일/월로도 읽을 수 있는데, 미국식 월/일로 읽었습니다 "
                               "({example} = {date}). 두 읽기가 똑같이 그럴듯합니다. "
                               "틀렸다면 2024-03-05처럼 적어 주세요."),
    # {what} is a text.what.* word; both end in a final consonant (문장, 번), so 이/을 follow them.
    "text.not_text": "{what}을 텍스트로 주세요.",
    "text.empty": "{what}이 비어 있습니다: 단어를 하나 이상 입력하세요.",
    "text.what.sentence": "문장",
    "text.what.added": "추가한 문장 {n}번",
    "text.binary": ("텍스트 파일이 아닙니다 (문서, 스프레드시트, PDF 또는 다른 바이너리 파일로 보입니다). "
                    "일반 텍스트(.txt, UTF-8)로 저장한 뒤 다시 시도하세요."),
    "text.not_utf8": "파일이 UTF-8 텍스트가 아닙니다. UTF-8 일반 텍스트(.txt)로 저장한 뒤 다시 시도하세요.",
    "translate.empty": "영어 문장을 입력하세요. 예: I love deep learning",
    "translate.unknown_words": "모르는 단어가 있습니다: {named}{more}. 아는 단어: {known}.",
    "translate.and_more": " 외 {count}개",
    "translate.too_many_words": ("문장이 {count}단어입니다. 이 네트워크는 최대 {most}단어까지 읽습니다 "
                                 "(시퀀스 길이 T)."),
    "sentiment.cut_chars": "글이 {chars:,}자입니다. 마지막 {most:,}자만 읽었습니다.",
    "sentiment.cut_tokens": "문장이 {tokens}토큰입니다. 마지막 {most}토큰만 읽었습니다 (시퀀스 길이).",
    "sentiment.not_a_label": "'{value}'은(는) 레이블이 아닙니다: {korean} 또는 positive / negative를 쓰세요.",
    "sentiment.not_a_list": "내 문장은 (문장, 레이블) 쌍의 목록이어야 합니다.",
    "sentiment.too_many": "추가할 수 있는 문장은 최대 {most}개입니다. 지금 {count}개입니다.",
    "sentiment.not_a_pair": "추가한 문장 {n}번이 (문장, 레이블) 쌍이 아닙니다.",
    "sentiment.too_long": "추가한 문장 {n}번이 {most}자보다 깁니다. 나누어 입력하세요.",
    "sentiment.no_lines": "한 줄에 하나씩, 문장을 하나 이상 입력하세요.",
    "sentiment.no_label": ("{n}번째 줄에 레이블이 없습니다: 'positive<TAB>문장'처럼 쓰거나 "
                           "모든 줄에 쓸 레이블 하나를 고르세요."),
    "sentiment.line": "{n}번째 줄: {error}",
    "weather.days_format": ("하루를 쉼표로 구분한 값 6개로, 날과 날은 ';'로 구분해 입력하세요. "
                            "예: {example}"),
    "weather.missing_columns": "날씨 파일에는 date, {measured}, weather 열이 필요합니다. 없는 열: {missing}.",
    "weather.bad_values": "날짜는 2015-12-31처럼 쓰고, 네 측정값은 숫자여야 합니다.",
    "weather.unknown_sky": "알 수 없는 하늘 '{sky}'입니다. 다음 중 하나를 쓰세요: {skies}.",
    "weather.forecast": "내일 최고기온 예측: {tomorrow:.1f} °C (지속 예측, 내일 = 오늘: {today:.1f} °C).",
    "caption.bad_index": "이미지 번호는 0부터 {last}까지 고르세요. 입력한 번호: {index}.",
    "caption.not_a_number": "테스트 이미지의 번호를 입력하세요. 예: 17",
    "sine.not_numbers": "숫자를 쉼표로 구분해 입력하세요. 예: 0, 0.5, 0.87, 1",
    "sine.no_numbers": "숫자를 하나 이상 입력하세요. 예: 0, 0.5, 0.87, 1",
    "recall.not_a_symbol": "A, B, C, D 중 기호 하나를 입력하세요.",
    "price.not_a_series": "가격 데이터는 숫자의 나열('values' 목록이 있는 dict)이어야 합니다.",
    "price.not_numbers": "모든 가격은 숫자여야 합니다.",
    "price.not_finite": "모든 가격은 유한한 숫자여야 합니다 (빈 값이나 글자 없이).",
    "price.dates_mismatch": "가격은 {prices}개인데 날짜는 {dates}개입니다.",
    "price.no_dates_list": "가격은 {prices}개인데 날짜가 없습니다.",
    "price.flat": "데이터의 학습 구간이 전혀 변하지 않습니다. 배울 것이 없습니다.",
    "price.too_few": ("가격을 최소 {need}개 주세요 (이 네트워크는 지난 {seq_len}번의 하루 변화를 읽습니다). "
                      "지금 {count}개입니다."),
    "price.not_positive": "이 네트워크는 양수 가격으로 학습했습니다. 모든 값이 0보다 커야 합니다.",
    "price.forecast": ("내일 예측: {tomorrow:,.2f} (오늘 {today:,.2f}{change}). 단순 예측(내일 = 오늘): "
                       "{today:,.2f}, 지난 {seq_len}일 평균: {mean:,.2f}."),
    "generate.no_such_text": "'{key}'라는 기본 글은 없습니다. 다음 중에서 고르세요: {choices}.",
    "generate.bad_source": "글의 출처는 기본 글의 이름이거나 붙여 넣은 글이어야 합니다.",
    "generate.no_text": "붙여 넣은 글이 없습니다. 글을 붙여 넣거나 기본 글을 고르세요.",
    "generate.empty_text": "글이 비어 있습니다 (공백뿐입니다). 학습할 글을 붙여 넣으세요.",
    "generate.cut": "글이 {chars:,}자입니다. 처음 {most:,}자만 씁니다.",
    "generate.rare_chars": "글에 서로 다른 글자가 {count}개 있습니다. 가장 드문 {rare}개는 {placeholder}로 표시합니다.",
    "generate.too_short": ("이 글은 {chars}자입니다. 학습 구간이 {seq_len}자이면 최소 {need}자가 필요합니다 "
                           "(학습용, 검증용, 테스트용으로 한 부분씩). 더 긴 글을 쓰거나 구간을 줄이세요."),
    "generate.no_start": "시작할 글자를 하나 이상 입력하세요.",
    "generate.unknown_chars": ("학습 글에 한 번도 나오지 않아 네트워크가 읽을 수 없는 글자가 있습니다: {shown}. "
                               "이 글자를 빼거나, 이 글자가 있는 글로 학습하세요."),
    "generate.none_known": ("이 시작 문자열의 글자는 하나도 학습 글에 나오지 않습니다. 학습 글에 있는 글자로 "
                            "시도해 보세요. 예: {example}"),
    "generate.left_out": "학습 글에 없는 글자를 뺐습니다: {shown}",
    "run.unusable": "이 파일은 쓸 수 있는 저장된 실행이 아닙니다 (읽는 중 {kind} 발생).",
    "run.too_large": "파일이 {most} MB보다 큽니다. 저장된 실행은 이보다 훨씬 작습니다.",
    "run.not_zip": "이 파일은 저장된 RNN Explorer 실행이 아닙니다 (torch.save가 쓰는 zip 묶음이 아닙니다).",
    "run.python_objects": ("이 파일은 저장된 RNN Explorer 실행이 아닙니다: 숫자와 가중치 말고도 파이썬 객체"
                           "(모델 전체, 클래스나 코드)를 담고 있습니다. 이런 파일은 열면 코드가 실행될 수 있어 "
                           "열지 않습니다."),
    "run.no_header": "이 파일은 저장된 RNN Explorer 실행이 아닙니다 (실행 머리 정보가 없습니다).",
    "run.version": "이 실행 파일의 형식 버전은 {version}입니다. 이 앱은 버전 {reads}만 읽습니다.",
    "run.no_field": "이 실행 파일에 올바른 '{key}' 항목이 없습니다.",
    "run.compressed": ("이 파일의 기록은 압축되어 있습니다. 저장된 실행은 기록을 압축하지 않고 담습니다 "
                       "(압축된 기록은 풀면 파일 크기보다 훨씬 커질 수 있습니다)."),
    "run.tensors_large": "이 실행의 텐서는 {mb:.0f} MB라고 적혀 있습니다. 이 앱의 실행은 최대 {most} MB입니다.",
    "run.records_large": "이 실행의 설정과 기록은 {mb:.0f} MB입니다. 이 앱의 실행은 최대 {most} MB입니다.",
    "run.too_many_values": ("이 실행의 기록에 값이 {most:,}개보다 많습니다. 이 앱의 실행은 학습 기록을 최대 "
                            "{rows:,}행까지 보관합니다."),
    "run.value_kind": "이 실행 파일에 {kind}이(가) 있습니다. 저장된 실행에는 이런 값이 들어가지 않습니다.",
    "run.tensor_kind": "이 실행 파일에 {kind} 텐서가 있습니다. 저장된 실행에는 보통 텐서만 들어갑니다.",
    "run.tensor_view": ("이 실행 파일에 저장 공간을 되풀이해 쓰는 텐서(데이터보다 큰 뷰)가 있습니다. "
                        "저장된 실행에는 보통 텐서만 들어갑니다."),
    "run.settings": "이 실행의 설정이 올바르지 않습니다: {problems}",
    "run.step": "이 실행의 스텝 수 {step}은(는) 가능한 값이 아닙니다.",
    "run.task_data": "이 실행에 담긴 '{task}' 문제의 데이터가 올바르지 않습니다: {reason}",
    "run.task_data_kind": "이 실행에 담긴 '{task}' 문제의 데이터가 올바르지 않습니다 ({kind}).",
    "run.history": "이 실행의 학습 기록이 손상되었습니다: {why}.",
    "run.history.not_table": "스텝 표가 아니라 {kind}입니다",
    "run.history.not_columns": "'{part}'이(가) 숫자 열이 아닙니다",
    "run.history.lengths": "'{part}'의 열 길이가 서로 다릅니다",
    "run.history.not_numbers": "'{column}' 열에 숫자가 아닌 값이 있습니다",
    "run.history.grads_not_columns": "‖∂L/∂x_t‖ 기록이 열 형태가 아닙니다",
    "run.history.grads_lengths": "‖∂L/∂x_t‖ 열의 길이가 서로 다릅니다",
    "run.history.grads_not_numbers": "‖∂L/∂x_t‖의 스텝이나 손실이 숫자가 아닙니다",
    "run.history.grads_per_step": "‖∂L/∂x_t‖ 기록이 시간 스텝마다 숫자 하나씩이 아닙니다",
    "run.weights_fit": "이 실행의 가중치가 네트워크에 맞지 않습니다 (없는 것: {missing}, 예상 밖의 것: {extra}).",
    "run.weight_shape": "가중치 {name}의 모양이 {got}입니다. 네트워크에는 {need}이(가) 필요합니다.",
    "run.weight_dtype": "가중치 {name}의 자료형이 {got}입니다. 네트워크에는 {need}이(가) 필요합니다.",
    "run.weight_finite": "가중치 {name}에 NaN이나 무한대 값이 있습니다.",
    "run.optimizer": ("이 실행의 옵티마이저 상태가 네트워크에 맞지 않아, 이어서 학습해도 같은 실행이 되지 않습니다. "
                      "파일을 불러오지 않았습니다 ({why})."),
    "run.optimizer.bare": ("이 실행의 옵티마이저 상태가 네트워크에 맞지 않아, 이어서 학습해도 같은 실행이 되지 "
                           "않습니다. 파일을 불러오지 않았습니다."),
    "run.optimizer.none": "옵티마이저 상태가 없습니다",
    "run.optimizer.index": "매개변수 {index}의 상태",
    "run.optimizer.shape": "매개변수 {index}의 '{key}' 모양이 {got}인데, 매개변수는 {need}입니다",
    "run.rng_missing": ("이 실행의 난수 상태가 없거나 손상되어, 이어서 학습하면 같은 배치를 뽑지 못합니다. "
                        "파일을 불러오지 않았습니다."),
    "run.rng_damaged": ("이 실행의 난수 상태가 손상되어, 이어서 학습하면 같은 배치를 뽑지 못합니다. "
                        "파일을 불러오지 않았습니다."),
    # Clauses of the notes above, shaped to end before "때문입니다".
    "dates.why.order": "그렇게 읽어야만 날짜가 순서대로 놓이기",
    "dates.why.gap": "그렇게 읽으면 날짜 간격이 {other:g}일이 아니라 {gap:g}일이기",
    "dates.why.weekdays": "그렇게 읽으면 평일(거래일)에 놓이는 날짜가 {other:.0f} %가 아니라 {share:.0f} %이기",
    "dates.day": "{year}년 {month} {day}일",
    **{f"dates.month.{m}": f"{m}월" for m in range(1, 13)},
}

WORDS: dict[str, tuple[str, str]] = {f"said.{k}": (ENGLISH[k], KOREAN[k]) for k in ENGLISH}
