"""The Qt Widgets desktop app: a thin layer over the services."""
