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
    # Clauses of the notes above, shaped to end before "때문입니다".
    "dates.why.order": "그렇게 읽어야만 날짜가 순서대로 놓이기",
    "dates.why.gap": "그렇게 읽으면 날짜 간격이 {other:g}일이 아니라 {gap:g}일이기",
    "dates.why.weekdays": "그렇게 읽으면 평일(거래일)에 놓이는 날짜가 {other:.0f} %가 아니라 {share:.0f} %이기",
    "dates.day": "{year}년 {month} {day}일",
    **{f"dates.month.{m}": f"{m}월" for m in range(1, 13)},
}

WORDS: dict[str, tuple[str, str]] = {f"said.{k}": (ENGLISH[k], KOREAN[k]) for k in ENGLISH}
