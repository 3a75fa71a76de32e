"""Export the bundled daily Seattle weather ONCE (not needed at run time).

    python3 -m venv /tmp/dataenv && /tmp/dataenv/bin/pip install vega_datasets
    /tmp/dataenv/bin/python assets/tools/export_weather.py

Writes assets/weather/seattle_weather_2012_2015.csv: date, precipitation (mm), temp_max (°C),
temp_min (°C), wind (m/s), weather (drizzle, rain, sun, snow, fog), one row per day.
"""
import os

from vega_datasets import data

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "weather")

df = data.seattle_weather()
df["date"] = df["date"].dt.strftime("%Y-%m-%d")
df.to_csv(os.path.join(OUT, "seattle_weather_2012_2015.csv"), index=False)
print(len(df), "days")
