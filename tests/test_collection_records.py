"""The records collection keeps (requests/register.json, requests/approvals.json) damaged:
what can go on without them is told with a located warning, what needs them refuses with
the file, the line and what to do; never a traceback. E-mails in any character set."""

from __future__ import annotations

import datetime as dt
import json
from email.message import EmailMessage

import pytest

from uprreport import api
from uprreport.collection import approvals, collect, packs, progress
from uprreport.errors import UprError

DAMAGED = [
    ('{"packs": [\n  {"id": "a",\n', "not valid JSON", 3),                                  # cut short
    ('{"packs": [{"id": "a", "slug": "x", "version": "2", "sent": "2024-06-01", '
     '"deadline": "2024-06-30"}]}', "version", 1),                                       # a field of another kind
    ('{"packs": [{"id": "a", "slug": "x", "version": 1, "sent": "2024-06-01",\n'
     '  "deadline": "30/06/2024"}]}', "deadline", 2),                                  # a date of another form
    ("[1, 2]", "not the record", 1),                                                      # another file altogether
    ("\ufeff\x00\x01binary", "not valid JSON", 1),
]


@pytest.mark.parametrize("content,said,line", DAMAGED)
def test_a_damaged_pack_register_is_a_located_warning_for_what_can_go_on(sample_copy, content, said, line):
    (sample_copy / "requests").mkdir()
    (sample_copy / "requests" / "register.json").write_text(content, encoding="utf-8")
    data, diags = packs.read_register(sample_copy)
    (d,) = diags
    assert data is None and d.code == "record-unreadable" and d.severity.value == "warning"
    assert d.location.path == "requests/register.json" and d.location.line == line
    assert (said in d.message or said in d.location.to_dict().get("field", "")) and "restore it" in d.message
    assert "send new ones with `uprreport request`" in d.message


@pytest.mark.parametrize("content,said,line", DAMAGED[:1] + DAMAGED[3:])
def test_what_needs_the_pack_register_refuses_saying_where_and_what_to_do(sample_copy, content, said, line):
    (sample_copy / "requests").mkdir()
    path = sample_copy / "requests" / "register.json"
    path.write_text(content, encoding="utf-8")
    for command in (lambda: progress.progress(sample_copy), lambda: collect.collect(sample_copy, []),
                    lambda: packs.request(sample_copy, today=dt.date(2024, 6, 1))):
        with pytest.raises(UprError) as exc:
            command()
        assert "requests/register.json is damaged" in str(exc.value) and "restore it" in exc.value.hint
        (d,) = exc.value.diagnostics
        assert d.severity.value == "error" and d.location.line == line
    assert path.read_text(encoding="utf-8") == content     # nothing wrote over it


def test_a_damaged_approvals_record_is_located_and_refused_where_it_is_needed(sample_copy):
    (sample_copy / "requests").mkdir()
    path = sample_copy / "requests" / "approvals.json"
    path.write_text('{"approvals": [\n {"body": "health", "by": "J. Novak", "at": "2024-06-01"}\n]}\n',
                    encoding="utf-8")
    data, diags = approvals.read(sample_copy)
    (d,) = diags
    assert data is None and d.code == "record-unreadable" and d.location.line == 2
    assert "sha256" in d.message and "uprreport approve" in d.message
    for command in (lambda: approvals.recorded(sample_copy), lambda: api.approve(sample_copy, "health", "X"),
                    lambda: api.build(sample_copy, pdf=False, final=True)):
        with pytest.raises(UprError) as exc:
            command()
        assert "requests/approvals.json" in str(exc.value) or any(
            "requests/approvals.json" in x.render() for x in exc.value.diagnostics)
    assert "approvals" in path.read_text(encoding="utf-8")


def test_records_as_uprreport_writes_them_are_read(sample_copy):
    api.request(sample_copy, deadline=dt.date(2024, 6, 30), today=dt.date(2024, 6, 1))
    api.approve(sample_copy, "health", "J. Novak")
    data, diags = packs.read_register(sample_copy)
    assert not diags and data["packs"] and data == packs.register(sample_copy)
    records, diags = approvals.read(sample_copy)
    assert not diags and records["approvals"][0]["body"] == "health"
    assert packs.read_register(sample_copy / "contributions") == ({"packs": []}, [])   # no file yet


def _eml(charset: str, attachments=()) -> bytes:
    msg = EmailMessage()
    msg["From"] = "A. Reviewer <a.reviewer@ngo.example>"
    msg["Date"] = "Mon, 25 Mar 2024 10:00:00 +0000"
    msg["Subject"] = "comments"
    msg.set_content("placeholder")
    for name, data in attachments:
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    raw = bytes(msg)
    return raw.replace(b"placeholder", "On paragraph 12: the text should say \u00e9l\u00e8ves.".encode("cp1252")) \
        .replace(b'charset="utf-8"', f'charset="{charset}"'.encode("ascii")) \
        .replace(b"Content-Transfer-Encoding: 7bit", b"Content-Transfer-Encoding: 8bit")


@pytest.mark.parametrize("charset", ["x-unknown-42", "base64", "zlib"])
def test_an_e_mail_in_an_unknown_character_set_is_read_with_a_warning(tmp_path, charset):
    from uprreport.readers import mail

    got, diags = mail.parse(_eml(charset), "c.eml")
    assert "the text should say \u00e9l\u00e8ves." in got.text        # Windows-1252: not valid UTF-8
    assert got.name == "A. Reviewer" and got.date == dt.datetime(2024, 3, 25, 10, tzinfo=dt.timezone.utc)
    (d,) = diags
    assert d.code == "email-charset" and d.location.path == "c.eml" and charset in d.message
    assert "Windows-1252" in d.message


def test_an_e_mail_labelled_wrongly_but_in_utf8_is_read_as_utf8(tmp_path):
    from uprreport.readers import mail

    raw = _eml("x-unknown-42").replace("\u00e9l\u00e8ves".encode("cp1252"), "\u00e9l\u00e8ves".encode("utf-8"))
    got, (d,) = mail.parse(raw, "c.eml")
    assert "\u00e9l\u00e8ves" in got.text and "as UTF-8" in d.message


def test_a_comment_e_mail_in_an_unknown_character_set_is_registered(tmp_path):
    import shutil

    from conftest import SAMPLE

    project = tmp_path / "arcadia"
    shutil.copytree(SAMPLE, project, ignore=shutil.ignore_patterns("build", "rounds"))
    api.round_open(project, today=dt.date(2024, 3, 3))
    (tmp_path / "c.eml").write_bytes(_eml("x-unknown-42"))
    got = api.round_ingest(project, [tmp_path / "c.eml"])
    assert got.comments == 1 and got.files == 1
    assert [d.code for d in got.diagnostics] == ["email-charset"]


def test_collect_takes_the_packs_attached_to_an_e_mail_in_any_character_set(sample_copy, tmp_path):
    done = api.request(sample_copy, today=dt.date(2024, 6, 1))
    justice = next(p for p in done.packs if p.slug == "justice")
    attachments = [(justice.workbook.name, justice.workbook.read_bytes()),
                   ("../../escape\x00.docx", b"not a Word file")]          # a name to be made safe
    (tmp_path / "back.eml").write_bytes(_eml("x-unknown-42", attachments))
    got = collect.collect(sample_copy, [tmp_path / "back.eml"])
    assert [r.kind for r in got.returns] == ["workbook"]
    (d,) = [d for d in got.diagnostics if d.code == "file-refused"]
    assert d.location.path == "back.eml > escape_.docx"
    assert not (tmp_path.parent / "escape_.docx").exists()


def test_an_e_mail_that_cannot_be_read_is_said_when_collecting(sample_copy, tmp_path, monkeypatch):
    from uprreport.readers import mail

    api.request(sample_copy, today=dt.date(2024, 6, 1))
    (tmp_path / "big.eml").write_bytes(_eml("utf-8"))
    monkeypatch.setattr(mail, "MAX_MAIL", 100)
    got = collect.collect(sample_copy, [tmp_path / "big.eml"])
    (d,) = got.diagnostics
    assert d.code == "file-refused" and d.location.path == "big.eml" and "larger than" in d.message


def test_register_json_written_by_request_is_valid_json(sample_copy):
    api.request(sample_copy, today=dt.date(2024, 6, 1))
    json.loads((sample_copy / "requests" / "register.json").read_text(encoding="utf-8"))
