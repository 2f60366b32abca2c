"""Shared test helpers: paths to the project's own fixtures and to ../shared when present."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the test cleanly when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


@pytest.fixture(scope="session")
def gazetteer_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded gazetteer, built once per test session (about 20 s) into a temporary data dir."""
    from eventcoder.geo import gazetteer as gz
    from eventcoder.settings import Settings

    path = gz.gazetteer_path(Settings(data_dir=tmp_path_factory.mktemp("gazetteer")))
    gz.build(path)
    return path
