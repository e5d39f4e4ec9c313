import pytest
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QGuiApplication, QTextCursor

from caption_studio.core.article import store
from caption_studio.core.pairing import matcher as pairing
from caption_studio.core.project.file import Project
from caption_studio.gui.article.pane import ArticlePane
from tests.gui.desk_article import ARTICLE, build, controller_for


@pytest.fixture
def desk(tmp_path, qtbot):
    project = Project.open(build(tmp_path))
    pairing.pair_project(project)
    host = controller_for(project)
    pane = ArticlePane(host)
    qtbot.addWidget(pane)
    pane.resize(700, 600)
    yield project, host, pane
    project.close()


def _click_at(pane, pos):
    cursor = pane.text.textCursor()
    cursor.setPosition(pos)
    pane.text.setTextCursor(cursor)


def test_captions_highlighted_and_click_selects_photo(desk, qtbot):
    project, host, pane = desk
    captions = store.captions(project, pane.article_id)
    assert len(pane.text.extraSelections()) == len(captions) == 3
    second = captions[1]
    with qtbot.waitSignal(host.selectionChanged) as blocker:
        _click_at(pane, second["span_start"] + 3)
    photo = pairing.pairings_of(project, [2])[2]
    assert blocker.args == [[2]] and photo["caption_id"] == second["id"]
    assert pane.current_caption == second["id"]
    assert pane.form.description.toPlainText() == second["description"]


def test_selecting_a_photo_highlights_its_caption(desk):
    project, host, pane = desk
    host.select_photos([3])
    row = store.caption(project, pane.current_caption)
    assert "观音桥" in row["text"]
    current = [s for s in pane.text.extraSelections()
               if s.format.background().color().name() == "#8ab4f8"]
    assert len(current) == 1 and current[0].cursor.selectedText() in ARTICLE


def test_correct_caption_in_place_is_undoable(desk):
    project, host, pane = desk
    cid = store.captions(project, pane.article_id)[0]["id"]
    pane.set_current(cid)
    # The form shows what the printed place fills in: city, province, country and its code.
    assert pane.form.place.text() == "两江新区春季招聘会现场 · 重庆市 · 重庆 · 中国 · CHN"
    pane.form.location.setText("两江新区")
    assert pane.form.place.text() == "两江新区 · 重庆市 · 重庆 · 中国 · CHN"
    pane.form.location.setText("四川省乐山市沙湾区")
    assert pane.form.place.text() == "沙湾区 · 乐山市 · 四川 · 中国 · CHN"
    pane.form.location.setText("两江新区")
    pane.form.photographers.setText("李雨恒、周小")
    assert pane.form.apply()
    row = store.caption(project, cid)
    assert row["location"] == "两江新区"
    assert store.photographer_names(row) == ["李雨恒", "周小"]
    host.undo_stack.undo()
    row = store.caption(project, cid)
    assert row["location"] == "重庆两江新区春季招聘会现场"
    assert store.photographer_names(row) == ["李雨恒"]
    host.undo_stack.redo()
    assert store.caption(project, cid)["location"] == "两江新区"


def test_bad_date_correction_is_a_message_not_a_traceback(desk, qtbot):
    project, host, pane = desk
    pane.set_current(store.captions(project, pane.article_id)[0]["id"])
    pane.form.date.setText("next week")
    with qtbot.waitSignal(host.error) as blocker:
        assert not pane.form.apply()
    assert "not a date" in blocker.args[0]
    assert host.undo_stack.count() == 0


def test_mark_missed_caption_and_dismiss_false_one(desk):
    project, host, pane = desk
    start = ARTICLE.index("当天下午")
    end = ARTICLE.index("简历。") + 3
    cursor = pane.text.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    pane.text.setTextCursor(cursor)
    cid = pane.mark_selection()
    row = store.caption(project, cid)
    assert row["origin"] == "manual" and row["position"] == 4
    assert row["description"] == "当天下午，招聘会现场一名求职者在填写简历。"
    assert len(pane.text.extraSelections()) == 4
    host.undo_stack.undo()
    assert len(store.captions(project, pane.article_id)) == 3
    host.undo_stack.redo()
    assert len(store.captions(project, pane.article_id)) == 4

    first = store.captions(project, pane.article_id)[0]["id"]
    pane.set_current(first)
    pane.toggle_dismissed()
    assert store.caption(project, first)["dismissed"] == 1
    assert pane.dismiss_button.text() == "Restore caption"
    host.undo_stack.undo()
    assert store.caption(project, first)["dismissed"] == 0


def test_import_by_paste_and_drop(desk, tmp_path):
    project, host, pane = desk
    QGuiApplication.clipboard().setText("4月24日，南岸区弹子石老街。记者 夏元 摄\n")
    pane.paste_article()
    aid = pane.article_id
    assert aid is not None and len(store.captions(project, aid)) == 1
    host.undo_stack.undo()
    assert aid not in [a["id"] for a in store.articles(project)]

    other = tmp_path / "second.txt"
    other.write_text("5月1日，朝天门码头。记者 李雨恒 摄\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    assert pane._accepts(mime)
    pane.drop_mime(mime)
    assert store.article(project, pane.article_id)["path"].endswith("second.txt")
    assert pane.articles.count() == 2


def test_a_dropped_pdf_page_is_imported(desk, tmp_path):
    from tests.core.pdf_pages import Para, page_pdf

    project, _host, pane = desk
    pdf = page_pdf([Para("标题", "head"), Para("5月1日，朝天门码头，货轮靠岸。记者 徐涛 摄",
                                                "caption")], tmp_path / "page5.pdf")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pdf))])
    assert pane._accepts(mime)
    pane.drop_mime(mime)
    assert store.article(project, pane.article_id)["path"].endswith("page5.pdf")
    (caption,) = store.captions(project, pane.article_id)
    assert caption["description"] == "朝天门码头，货轮靠岸。"


def test_form_place_uses_the_other_captions_places_as_the_parser_does(tmp_path, qtbot):
    # The first caption's village is in 贵阳 only because the next caption says 贵阳市花溪区;
    # the headline and the first 300 characters do not name it.
    body = "本报讯 今年以来，各地茶园迎来采摘旺季，茶农抢抓农时采茶制茶。" * 12
    text = (f"春茶飘香\n\n{body}\n\n4月22日，花溪村茶园，茶农采摘春茶。记者 田某 摄\n\n"
            "4月22日，贵阳市花溪区久安乡，游客体验采茶。记者 田某 摄\n")
    from caption_studio.core.article.captions import parse_article

    assert "贵阳" not in f"春茶飘香\n{text[:300]}"
    parsed = parse_article(text, year=2024).captions[0].place
    assert parsed.city == "贵阳市"
    with Project.create(tmp_path / "p.capstudio") as project:
        article_id = store.import_article_text(project, text, year=2024)
        host = controller_for(project)
        pane = ArticlePane(host)
        qtbot.addWidget(pane)
        pane.show_article(article_id)
        pane.set_current(store.captions(project, article_id)[0]["id"])
        assert pane.form.place.text() == " · ".join(
            p for p in (parsed.sublocation, parsed.city, parsed.province_state, parsed.country,
                        parsed.country_code) if p)
        assert "贵阳市" in pane.form.place.text()
