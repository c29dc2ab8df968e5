"""JupyterHub configuration of the classroom server: `jupyterhub -f classroom/jupyterhub_config.py`.

Every setting comes from CLASSROOM_* environment variables (classroom/settings.py checks
them; README.md lists them). `make classroom` sets them through classroom/serve.py.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the hub imports classroom.* from the repo

from classroom.settings import USERNAME_PATTERN, Settings, free_port

c = get_config()  # type: ignore[name-defined]  # noqa: F821 (JupyterHub provides it)
settings = Settings.from_env()
state = settings.state_dir
state.mkdir(parents=True, exist_ok=True, mode=0o700)
os.chmod(state, 0o700)

# Where it listens: the room's network (or loopback), one port; the hub's internal ports are free ones.
c.JupyterHub.bind_url = f"{settings.scheme}://{settings.ip or '0.0.0.0'}:{settings.port}"
if settings.ssl_cert and settings.ssl_key:
    c.JupyterHub.ssl_cert = str(settings.ssl_cert)
    c.JupyterHub.ssl_key = str(settings.ssl_key)
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = free_port()  # not the fixed 8081/8001: other hubs or servers may run on this machine
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [str(settings.proxy)]
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server

# Who gets in: a class password the instructor chose, or a roster of per-student accounts.
c.Authenticator.username_pattern = f"^{USERNAME_PATTERN}$"
if settings.roster is not None:
    c.JupyterHub.authenticator_class = "classroom.auth.RosterAuthenticator"
    c.RosterAuthenticator.roster_file = str(settings.roster)
else:
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = settings.password
    c.Authenticator.allow_all = True  # whoever knows the class password, under a name of their choice
c.Authenticator.admin_users = set()  # nobody is admin: there is no admin page to break into
c.JupyterHub.admin_access = False

# Each student's own JupyterLab: their copy of the course, opened at 00, no terminal, capped.
c.JupyterHub.spawner_class = "classroom.spawner.ClassroomSpawner"
c.ClassroomSpawner.students_dir = str(settings.students_dir)
c.ClassroomSpawner.course_dir = str(settings.course_dir)
c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
c.Spawner.mem_limit = settings.mem_limit
c.Spawner.cpu_limit = settings.cpu_limit
c.Spawner.args = [
    "--ServerApp.terminals_enabled=False",
    # a kernel left idle with no notebook open on it is shut down: each holds 300-500 MiB
    f"--MappingKernelManager.cull_idle_timeout={settings.kernel_idle_timeout}",
    "--MappingKernelManager.cull_interval=60",
    # nothing reaches for the internet (a classroom may have none): no news feed, no update check
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    *(["--allow-root"] if os.geteuid() == 0 else []),
]
c.Spawner.start_timeout = 180  # 20 students starting at once on 2 cores take a while
c.Spawner.http_timeout = 120
c.JupyterHub.concurrent_spawn_limit = 40
c.JupyterHub.tornado_settings = {"slow_spawn_timeout": 0}  # go straight to "your server is starting"

# Idle servers are stopped by jupyterhub-idle-culler, a hub service with only the scopes it needs.
CULLER_SCOPES = ["list:users", "read:users:activity", "read:servers", "delete:servers"]
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={settings.idle_timeout}",
            f"--cull-every={settings.cull_every}",
        ],
    }
]
c.JupyterHub.load_roles = [{"name": "idle-culler", "scopes": CULLER_SCOPES, "services": ["idle-culler"]}]
