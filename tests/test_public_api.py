"""Which old names count as public API (the contract step of one breaks external users)."""

from __future__ import annotations

from pathlib import Path

from refactor_coord.adapters.config_file import load_config
from refactor_coord.application.planning import make_campaign_plan
from tests.conftest import write_files


def test_pep8_public_names_make_the_contract_a_point_of_no_return(tmp_path: Path) -> None:
    # a module without __all__ exposes its names without an underscore, unless the module is
    # private
    def contract_breaks(source: str) -> bool:
        root = tmp_path / source.replace(".", "_")
        path = source.replace(".", "/") + ".py"
        write_files(
            root,
            {
                "pkg/__init__.py": "",
                path: "def helper(x):\n    return x\n",
                "pkg/user.py": f"from {source} import helper\n",
                "refcoord.toml": (
                    '[campaign]\nname = "pub"\n\n[[refactor]]\nid = "m"\nkind = "extract-module"\n'
                    f'source = "{source}"\ntarget = "pkg.moved"\nsymbols = ["helper"]\n'
                ),
            },
            commit="initial",
        )
        plan = make_campaign_plan(root, load_config(root), workers=1).plan
        return next(s for s in plan.steps if s.phase == "contract").rollback.point_of_no_return

    assert contract_breaks("pkg.utils")
    assert not contract_breaks("pkg._impl")
