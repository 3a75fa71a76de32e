"""Each task's own interactive panel on the Train screen: `ui.task_views.<task name>` provides
`view(trainer)` and optionally `data_panel(current_source) -> source | None`."""
import importlib
from types import ModuleType


def load(task_name: str) -> ModuleType | None:
    """The task's view module, or None if the task has no panel of its own."""
    try:
        return importlib.import_module(f"ui.task_views.{task_name}")
    except ModuleNotFoundError as e:
        if e.name != f"ui.task_views.{task_name}":
            raise
        return None
