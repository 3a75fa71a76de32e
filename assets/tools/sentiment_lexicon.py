"""Word lists and hand-written sentences for make_sentiment_corpus.py (written for RNN Explorer, CC0).

Domains keep sentences plausible: 'ent' (films, books, shows), 'food', 'place' (service, rooms).
Korean adjectives are (stem for "-지 않았다" or "" when that negation sounds wrong, past form).
"""

EN = {
    # (text, domain, plural)
    "subjects": [
        ("this movie", "ent", 0), ("the movie", "ent", 0), ("this film", "ent", 0), ("the book", "ent", 0),
        ("the show", "ent", 0), ("the game", "ent", 0), ("the concert", "ent", 0), ("the plot", "ent", 0),
        ("the acting", "ent", 0), ("the ending", "ent", 0), ("the music", "ent", 0), ("the class", "ent", 0),
        ("the song", "ent", 0), ("the actors", "ent", 1), ("the jokes", "ent", 1),
        ("the food", "food", 0), ("the pasta", "food", 0), ("the soup", "food", 0), ("the coffee", "food", 0),
        ("the dessert", "food", 0), ("the meal", "food", 0), ("the noodles", "food", 1), ("the fries", "food", 1),
        ("the service", "place", 0), ("the staff", "place", 1), ("the hotel", "place", 0), ("the room", "place", 0),
        ("the restaurant", "place", 0), ("the waiter", "place", 0), ("the cafe", "place", 0),
        ("the shop", "place", 0), ("the beds", "place", 1),
    ],
    "intens": ["", "", "", "really ", "very ", "so ", "quite ", "truly ", "pretty ", "absolutely "],
    "pos": {
        "generic": ["good", "great", "excellent", "wonderful", "amazing", "fantastic", "lovely", "nice",
                    "pleasant", "impressive", "perfect", "superb", "brilliant", "decent"],
        "ent": ["fun", "funny", "exciting", "enjoyable", "moving", "interesting", "entertaining", "gripping",
                "beautiful"],
        "food": ["delicious", "tasty", "fresh", "yummy", "flavorful"],
        "place": ["friendly", "helpful", "clean", "cozy", "quick", "comfortable", "quiet"],
    },
    "neg": {
        "generic": ["bad", "terrible", "awful", "horrible", "disappointing", "poor", "mediocre",
                    "unpleasant", "annoying", "dreadful", "lousy"],
        "ent": ["boring", "dull", "predictable", "confusing", "tedious", "silly", "forgettable"],
        "food": ["bland", "stale", "cold", "greasy", "salty", "tasteless", "soggy"],
        "place": ["rude", "dirty", "noisy", "slow", "unhelpful", "uncomfortable", "crowded"],
    },
    "verbs": {
        "pos": ["i loved {s}", "i really liked {s}", "i enjoyed {s}", "i would recommend {s}",
                "i would definitely recommend {s}", "we loved {s}", "i can recommend {s}",
                "everyone should try {s}", "i liked {s} a lot"],
        "neg": ["i hated {s}", "i did not like {s}", "i didn't enjoy {s}", "i would not recommend {s}",
                "i would never recommend {s}", "we hated {s}", "i can't recommend {s}",
                "nobody should try {s}", "i disliked {s}"],
    },
}

EN_FIXED = [
    ("what a waste of time", "negative"), ("worth every penny", "positive"), ("i want my money back", "negative"),
    ("i will never come back", "negative"), ("i can't wait to go back", "positive"),
    ("the best meal i have had in years", "positive"), ("the worst film of the year", "negative"),
    ("not worth the price", "negative"), ("nothing special", "negative"), ("highly recommended", "positive"),
    ("a complete disaster", "negative"), ("an absolute delight", "positive"), ("not my cup of tea", "negative"),
    ("i have no complaints", "positive"), ("no complaints at all", "positive"), ("never again", "negative"),
    ("it was a pleasant surprise", "positive"), ("five stars, would buy again", "positive"),
    ("one star, would not buy again", "negative"), ("it broke after two days", "negative"),
    ("i fell asleep halfway through", "negative"), ("i laughed from start to finish", "positive"),
    ("a masterpiece!", "positive"), ("don't bother.", "negative"), ("totally worth the wait", "positive"),
    ("the wait was not worth it", "negative"), ("i was never bored", "positive"),
    ("there was nothing to like", "negative"),
    ("everything was perfect", "positive"), ("nothing went right", "negative"), ("we had a great time", "positive"),
    ("we had a terrible time", "negative"), ("it made my day", "positive"), ("it ruined my evening", "negative"),
    ("i would happily go again", "positive"), ("i would not go again", "negative"),
    ("it was better than i expected", "positive"), ("it was worse than i expected", "negative"),
    ("it was not as bad as people said", "positive"), ("it was not as good as people said", "negative"),
]

KO = {
    # (topic form, domain, object form)
    "subjects": [
        ("이 영화는", "ent", "이 영화를"), ("영화가", "ent", "이 영화를"), ("그 영화는", "ent", "그 영화를"),
        ("이 책은", "ent", "이 책을"), ("공연은", "ent", "이 공연을"), ("이 게임은", "ent", "이 게임을"),
        ("줄거리가", "ent", "이 이야기를"), ("연기가", "ent", "이 작품을"), ("결말이", "ent", "이 작품을"),
        ("음악이", "ent", "이 음반을"), ("수업은", "ent", "이 수업을"), ("이 노래는", "ent", "이 노래를"),
        ("드라마가", "ent", "이 드라마를"),
        ("음식은", "food", "이 음식을"), ("음식이", "food", "이 음식을"), ("파스타는", "food", "이 파스타를"),
        ("국물이", "food", "이 국밥을"), ("커피가", "food", "이 커피를"), ("디저트는", "food", "이 디저트를"),
        ("라면이", "food", "이 라면을"), ("빵이", "food", "이 빵을"),
        ("서비스는", "place", "이 가게를"), ("직원들은", "place", "이 가게를"), ("호텔은", "place", "이 호텔을"),
        ("방이", "place", "이 숙소를"), ("이 식당은", "place", "이 식당을"), ("이 카페는", "place", "이 카페를"),
        ("분위기가", "place", "이 가게를"), ("사장님이", "place", "이 가게를"),
    ],
    "intens": ["", "", "", "정말 ", "너무 ", "아주 ", "진짜 ", "꽤 ", "완전 "],
    "pos": {
        "generic": [("좋", "좋았다"), ("훌륭하", "훌륭했다"), ("멋지", "멋졌다"), ("만족스럽", "만족스러웠다"),
                    ("괜찮", "괜찮았다"), ("마음에 들", "마음에 들었다"), ("완벽하", "완벽했다"),
                    ("인상적이", "인상적이었다"), ("", "최고였다"), ("", "기대 이상이었다")],
        "ent": [("재미있", "재미있었다"), ("감동적이", "감동적이었다"), ("흥미진진하", "흥미진진했다"),
                ("신나", "신났다"), ("웃기", "웃겼다"), ("아름답", "아름다웠다")],
        "food": [("맛있", "맛있었다"), ("신선하", "신선했다"), ("고소하", "고소했다"), ("부드럽", "부드러웠다")],
        "place": [("친절하", "친절했다"), ("깨끗하", "깨끗했다"), ("편안하", "편안했다"), ("조용하", "조용했다"),
                  ("빠르", "빨랐다"), ("아늑하", "아늑했다")],
    },
    "neg": {
        "generic": [("나쁘", "나빴다"), ("실망스럽", "실망스러웠다"), ("", "형편없었다"), ("끔찍하", "끔찍했다"),
                    ("", "별로였다"), ("", "최악이었다"), ("아쉽", "아쉬웠다"), ("", "엉망이었다"),
                    ("", "기대 이하였다")],
        "ent": [("지루하", "지루했다"), ("", "재미없었다"), ("뻔하", "뻔했다"), ("유치하", "유치했다"),
                ("어색하", "어색했다")],
        "food": [("", "맛없었다"), ("짜", "짰다"), ("싱겁", "싱거웠다"), ("느끼하", "느끼했다"), ("차갑", "차가웠다")],
        "place": [("불친절하", "불친절했다"), ("더럽", "더러웠다"), ("시끄럽", "시끄러웠다"), ("불편하", "불편했다"),
                  ("느리", "느렸다"), ("좁", "좁았다")],
    },
    "verbs": {
        "pos": ["{s} 추천한다", "{s} 강력히 추천합니다", "{s} 정말 좋아한다", "{s} 다시 찾고 싶다",
                "{s} 친구에게도 추천하고 싶다", "{s} 또 경험하고 싶어요", "{s} 꼭 추천해요"],
        "neg": ["{s} 추천하지 않는다", "{s} 절대 추천하지 않습니다", "{s} 싫어한다", "{s} 다시는 찾고 싶지 않다",
                "{s} 친구에게 추천하고 싶지 않다", "{s} 두 번 다시 경험하고 싶지 않아요", "{s} 추천 안 해요"],
    },
}

KO_FIXED = [
    ("시간 가는 줄 몰랐다", "positive"), ("시간 낭비였다", "negative"), ("돈이 아깝지 않았다", "positive"),
    ("돈이 아까웠다", "negative"), ("다시는 안 갈 거예요", "negative"), ("또 가고 싶어요", "positive"),
    ("인생 영화를 만났다", "positive"), ("올해 최악의 영화", "negative"), ("가격 대비 최고예요", "positive"),
    ("가격에 비해 별로예요", "negative"), ("강력 추천합니다!", "positive"), ("비추천합니다.", "negative"),
    ("불만이 하나도 없었다", "positive"), ("좋은 점이 하나도 없었다", "negative"), ("기분이 좋아졌다", "positive"),
    ("기분만 나빠졌다", "negative"), ("중간에 잠들었다", "negative"), ("처음부터 끝까지 웃었다", "positive"),
    ("완전 대박이에요 ㅎㅎ", "positive"), ("완전 실망이에요 ㅠㅠ", "negative"), ("배송이 빨라서 좋았다", "positive"),
    ("배송이 늦어서 화가 났다", "negative"), ("기다린 보람이 있었다", "positive"), ("기다린 보람이 없었다", "negative"),
    ("생각보다 훨씬 좋았다", "positive"), ("생각보다 훨씬 별로였다", "negative"),
    ("사람들 말만큼 나쁘지는 않았다", "positive"),
    ("사람들 말만큼 좋지는 않았다", "negative"), ("두 번 보세요", "positive"), ("보지 마세요", "negative"),
    ("별 다섯 개도 아깝지 않다", "positive"), ("별 하나도 아깝다", "negative"), ("다음에 또 올게요", "positive"),
    ("다시는 오고 싶지 않아요", "negative"), ("모든 게 완벽했다", "positive"), ("되는 게 하나도 없었다", "negative"),
    ("즐거운 시간이었다", "positive"), ("괴로운 시간이었다", "negative"), ("하루가 행복해졌다", "positive"),
    ("저녁을 망쳤다", "negative"),
]

# Forced into the test split: the model never trains on these (tests and the CLI example use them).
SHOWCASE = [
    ("this movie was not bad", "positive", "en", "negation"),
    ("this movie was not good", "negative", "en", "negation"),
    ("the food was great but the service was terrible", "negative", "en", "contrast"),
    ("the food was terrible but the service was great", "positive", "en", "contrast"),
    ("이 영화는 나쁘지 않았다", "positive", "ko", "negation"),
    ("이 영화는 좋지 않았다", "negative", "ko", "negation"),
    ("음식은 맛있었지만 서비스는 최악이었다", "negative", "ko", "contrast"),
    ("음식은 별로였지만 직원들은 친절했다", "positive", "ko", "contrast"),
]
