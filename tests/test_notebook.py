"""notebooks/walkthrough.ipynb runs top to bottom in a real kernel and shows the build, tables and graph."""

from __future__ import annotations

import pytest

from paths import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
kernelspec = pytest.importorskip("ipykernel.kernelspec")

NOTEBOOKS = ROOT / "notebooks"
WALKTHROUGH = NOTEBOOKS / "walkthrough.ipynb"

pytestmark = pytest.mark.slow


def _text(output: dict) -> str:
    """Everything an output shows as text: a stream's text, or its text/plain and text/html data."""
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return "\n".join(str(data.get(mime, "")) for mime in ("text/plain", "text/html"))


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The walkthrough executed with cwd = notebooks/, on a "python3" kernel that is this interpreter.

    The kernelspec is installed into a temporary prefix put first on JUPYTER_PATH, so a "python3"
    kernel in the user's or the system's Jupyter folders cannot run the notebook on another Python.
    """
    prefix = tmp_path_factory.mktemp("jupyter")
    kernelspec.install(kernel_name="python3", prefix=str(prefix))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
        mp.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiets a debugger warning on stderr
        nb = nbformat.read(WALKTHROUGH, as_version=4)
        client = nbclient.NotebookClient(
            nb,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOKS)}},
        )
        client.execute()
    return nb


def test_committed_notebook_has_no_outputs():
    nb = nbformat.read(WALKTHROUGH, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


def test_no_cell_errors(executed):
    errors = [
        f"{o.get('ename')}: {o.get('evalue')}"
        for cell in executed.cells
        if cell.cell_type == "code"
        for o in cell.outputs
        if o.output_type == "error"
    ]
    assert not errors


def test_build_summary_counts_triples(executed):
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    assert any("triples" in _text(o) and "casegraph:" in _text(o) for o in outputs)


def test_a_table_names_the_seed_victim(executed):
    tables = [
        _text(o)
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "<table" in o.get("data", {}).get("text/html", "")
    ]
    assert tables, "no HTML table in any output"
    assert any("Anthony Alvarez" in t for t in tables)


def test_last_cell_shows_the_graph_inline(executed):
    last = [c for c in executed.cells if c.cell_type == "code"][-1]
    assert last.outputs, "the last cell shows nothing"
    page = last.outputs[-1].get("data", {}).get("text/html", "")
    assert "<iframe" in page
    assert 'srcdoc="' in page and "&lt;" in page  # the graph page, escaped into the attribute
    assert not [o for o in last.outputs if o.output_type == "stream"]  # no warnings printed
