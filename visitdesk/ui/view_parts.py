"""Behaviour shared by the window's views and forms, as mixins placed before their Qt base."""

from __future__ import annotations


class ReloadsWhenShown:
    """A view of one child (``child_id``) that reloads when a change touches what it shows:
    at once while it is on screen, otherwise the next time it is shown. The view provides
    ``ws``, ``child_id`` and ``reload()``."""

    _stale = False

    def reload_if(self, touched: bool) -> None:
        """Reload (now, or once shown) when a change ``touched`` what this view shows."""
        if self.child_id is None or not touched:
            return
        if self.isVisible() and not self.ws.locked:
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().showEvent(event)
        if self._stale and self.child_id is not None and not self.ws.locked:
            self.reload()


class SavesOnLeave:
    """A form that stores what is typed before it goes: its Back button, closing and hiding
    all wait for ``save()``; Back emits ``closed`` once it is saved."""

    def _on_close_clicked(self) -> None:
        if self.save():
            self.closed.emit()

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        self.save()
        super().closeEvent(event)

    def hideEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        self.save()
        super().hideEvent(event)
