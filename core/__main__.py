"""Headless CLI: `python -m core --help`."""
from .cli import main

raise SystemExit(main())
