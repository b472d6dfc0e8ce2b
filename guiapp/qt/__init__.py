"""The Qt runtime: the blinker-to-Qt bridge, the task runner, the workspace and the settings file.

Nothing here imports ``guiapp.views``: widgets build on this package, never the other way.
"""
