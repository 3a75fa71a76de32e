"""The post's ideas before any training, as pure functions the concept screens draw:
`system` (first-order systems, §4–5), `cell` (the five parameters, §6), `sharing` (§1, §3)."""
