"""nbgitpuller links: one click puts the course into a student's home on an existing hub, opened at 00.

On a hub whose single-user image has nbgitpuller and the course's packages (the image
built from environment.yml has the packages), the link clones the repository into
the student's home the first time and merges new commits later without overwriting the
student's own changes.

    python -m classroom.links https://hub.example.edu https://github.com/ORG/REPO
"""

from __future__ import annotations

import sys
from urllib.parse import quote, urlparse

START_NOTEBOOK = "notebooks/00_start_here.ipynb"


def repo_folder(repo: str) -> str:
    """The folder nbgitpuller clones into: the repository's last path part, without .git."""
    name = urlparse(repo).path.rstrip("/").rsplit("/", 1)[-1]
    return name[:-4] if name.endswith(".git") else name


def nbgitpuller_link(
    hub: str, repo: str, branch: str = "main", notebook: str = START_NOTEBOOK, app: str = "lab"
) -> str:
    """`https://HUB/hub/user-redirect/git-pull?repo=...&urlpath=lab/tree/REPO/notebooks/00_start_here.ipynb&branch=main`.

    `hub` is the hub's address (with or without https://), `repo` the course's git URL.
    """
    if app not in ("lab", "tree"):
        raise ValueError(f"app={app!r} is not known; allowed: lab, tree")
    if not urlparse(repo).scheme or not repo_folder(repo):
        raise ValueError(f"repo={repo!r} is not a git URL like https://github.com/ORG/REPO")
    base = hub.rstrip("/")
    if "://" not in base:
        base = f"https://{base}"
    urlpath = f"{app}/tree/{repo_folder(repo)}/{notebook.lstrip('/')}"
    return (
        f"{base}/hub/user-redirect/git-pull?repo={quote(repo, safe='')}"
        f"&urlpath={quote(urlpath, safe='/')}&branch={quote(branch, safe='')}"
    )


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: python -m classroom.links HUB_URL REPO_URL [BRANCH]")
    print(nbgitpuller_link(*sys.argv[1:]))
