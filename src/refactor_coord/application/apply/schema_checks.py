"""What apply checks before a schema refactoring's step, beyond every step's checks: a
database step follows the revision that is Alembic's head now (a revision that landed since the
plan would make two heads), and the contract step finds no keyword naming the old attribute
left (``Order(total=5)``, ``filter_by(total=...)``: not references the index has, so its own
check cannot see them)."""

from __future__ import annotations

from refactor_coord.adapters.index_store import open_store
from refactor_coord.adapters.orm_facts import FactsUnavailable, migration_facts
from refactor_coord.application.apply.context import StepJob
from refactor_coord.application.indexing import CACHE_DIR
from refactor_coord.application.loose_calls import source_roots
from refactor_coord.application.schema_inputs import keyword_uses_of
from refactor_coord.domain.errors import ApplyRefused
from refactor_coord.domain.schema import is_database_phase


def check_schema_step(job: StepJob) -> None:
    """Refuse the step when the database or the code is not as the plan left it (a schema
    refactoring's step; nothing for the others)."""
    if not job.step.codemod.id.startswith("schema."):
        return
    args = dict(job.step.codemod.args)
    store, _ = open_store(job.repo / CACHE_DIR)
    try:
        roots = source_roots(store.files())
        if is_database_phase(job.step.phase):
            _check_head(job, str(args.get("down_revision") or "") or None, roots)
        if job.step.phase == "contract":
            left = keyword_uses_of(job.repo, store, str(args["model"]))
    finally:
        store.close()
    if job.step.phase == "contract" and left:
        places = ", ".join(f"{path}:{line} ({call})" for path, line, _, call in left[:5])
        raise ApplyRefused(
            f"step {job.step.number} removes {args['model']}, but keywords still name it: "
            f"{places}{' ...' if len(left) > 5 else ''}; change them by hand (the plan lists "
            "them for review), then apply again"
        )


def _check_head(job: StepJob, down: str | None, roots: list[str]) -> None:
    try:
        head = migration_facts(job.repo, roots).head
    except FactsUnavailable as error:
        raise ApplyRefused(f"step {job.step.number}: {error}") from None
    if head != down:
        raise ApplyRefused(
            f"step {job.step.number}'s revision follows {down or 'the first revision'}, but "
            f"Alembic's head is {head or 'none'} now (a revision landed since the plan); run "
            "`refcoord plan` again: the revisions not written yet follow the head then"
        )
