"""The sample project `make run` opens: the first thing every user sees. Built by the real
script (import, article, pairing) into tmp_path."""

from scripts.prepare_sample import main as prepare_sample

from caption_studio.core.project.file import Project


def test_the_sample_pairs_the_obvious_pairs_sure_and_leaves_the_outtake(tmp_path):
    path = prepare_sample(str(tmp_path / "run"))
    with Project.open(path, readonly=True) as project:
        pairs = {name: (position, state) for name, position, state in project.conn.execute(
            "SELECT ph.file_name, c.position, p.state FROM pairings p "
            "JOIN photos ph ON ph.id = p.photo_id JOIN captions c ON c.id = p.caption_id")}
        names = {r[0] for r in project.conn.execute("SELECT file_name FROM photos")}
    # 陈思远's two frames by their days, 赵明轩's by its own caption.
    assert pairs["chensiyuan_0423_012.jpg"] == (1, "sure")
    assert pairs["DSC_0431.JPG"] == (3, "sure")
    assert pairs["chensiyuan_0422_003.jpg"] == (4, "sure")
    # 林晓彤 has two captions of one day for one frame: a person decides.
    assert pairs["DSC_0415.JPG"][1] == "ambiguous"
    # 赵明轩's second frame of that day was not printed.
    assert "DSC_0440.JPG" in names and "DSC_0440.JPG" not in pairs
