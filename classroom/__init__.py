"""The classroom server: JupyterHub on the instructor's machine, one JupyterLab per student (see README.md)."""
