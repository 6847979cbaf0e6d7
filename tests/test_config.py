from pathlib import Path

import pytest

from memdb import ConfigError, Settings


def test_defaults_are_valid_and_env_overrides_them() -> None:
    settings = Settings.from_env({"MEMDB_MAX_CONTENT_CHARS": "500", "MEMDB_HALF_LIFE_DAYS": "7.5", "OTHER": "x"})
    assert settings.max_content_chars == 500 and settings.half_life_days == 7.5
    assert Settings().recipe == "default"


@pytest.mark.parametrize(
    "env",
    [{"MEMDB_MAX_CONTENT_CHARS": "lots"}, {"MEMDB_MAX_CONTENT_CHARS": "0"}, {"MEMDB_HALF_LIFE_DAYS": "-1"},
     {"MEMDB_ALIAS_SIMILARITY": "1.5"}],
)
def test_bad_settings_are_refused(env) -> None:
    with pytest.raises(ConfigError):
        Settings.from_env(env)


def test_wrong_types_are_refused() -> None:
    with pytest.raises(ConfigError):
        Settings(max_batch_messages="10")  # type: ignore[arg-type]


def test_readme_documents_every_setting() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for name, default, help_text in Settings.describe():
        assert f"| `{name}` | `MEMDB_{name.upper()}` | {default} | {help_text} |" in readme


def test_readme_documents_every_server_setting() -> None:
    from server import ServerSettings

    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for name, default, help_text in ServerSettings.describe():
        flag = name.replace("_", "-")
        shown = default if default != "" else "none"
        assert f"| `{name}` | `MEMDB_{name.upper()}` / `--{flag}` | {shown} | {help_text} |" in readme, name
