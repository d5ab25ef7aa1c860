"""The code keeps the layers of architecture.json: import-linter checks every import, including
those inside functions, against the file's layers and its Django-free modules."""

import json
import pkgutil
from pathlib import Path

from importlinter.cli import lint_imports

import congan

ARCHITECTURE = json.loads((Path(__file__).resolve().parent.parent / "architecture.json").read_text())


def _toml_list(items) -> str:
    return "[" + ", ".join(json.dumps(i) for i in items) + "]"


def _config() -> str:
    """architecture.json as import-linter's configuration (TOML)."""
    package = ARCHITECTURE["package"]
    layers = [(" | " if layer.get("independent") else " : ").join(f"{package}.{m}" for m in layer["modules"])
              for layer in ARCHITECTURE["layers"]]
    pure = [f"{package}.{m}" for m in ARCHITECTURE["django_free"]["modules"]]
    return f"""
[tool.importlinter]
root_packages = ["{package}"]
include_external_packages = true

[[tool.importlinter.contracts]]
name = "the layers of architecture.json"
type = "layers"
layers = {_toml_list(layers)}

[[tool.importlinter.contracts]]
name = "modules that never import Django"
type = "forbidden"
source_modules = {_toml_list(pure)}
forbidden_modules = ["django"]
"""


def test_the_code_keeps_the_layers_of_architecture_json(tmp_path, capsys):
    config = tmp_path / "importlinter.toml"
    config.write_text(_config())
    result = lint_imports(config_filename=str(config), no_cache=True, no_logo=True)
    assert result == 0, capsys.readouterr().out


def test_every_module_of_the_package_has_its_layer():
    placed = {m.split(".")[0] for layer in ARCHITECTURE["layers"] for m in layer["modules"]}
    modules = {m.name for m in pkgutil.iter_modules(congan.__path__)}
    assert modules - placed == set(), "place these modules in architecture.json"
    config = {m.name for m in pkgutil.iter_modules([str(Path(congan.__file__).parent / "config")])}
    placed_config = {m.split(".")[1] for layer in ARCHITECTURE["layers"] for m in layer["modules"] if "." in m}
    assert config - placed_config == set(), "place these modules of congan.config in architecture.json"


def test_a_broken_layer_is_caught(tmp_path, capsys):
    """The check can fail: with reports placed below the registers it must."""
    layers = ARCHITECTURE["layers"]
    names = [layer["name"] for layer in layers]
    swapped = list(layers)
    i, j = names.index("reports"), names.index("registers")
    swapped[i], swapped[j] = swapped[j], swapped[i]
    config = tmp_path / "importlinter.toml"
    original = ARCHITECTURE["layers"]
    try:
        ARCHITECTURE["layers"] = swapped
        config.write_text(_config())
    finally:
        ARCHITECTURE["layers"] = original
    assert lint_imports(config_filename=str(config), no_cache=True, no_logo=True) == 1
    assert "congan.reports" in capsys.readouterr().out
