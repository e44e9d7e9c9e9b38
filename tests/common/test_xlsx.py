"""The streaming .xlsx writer: what a spreadsheet program reads back from it."""

import datetime
import io
import zipfile

import pytest
from openpyxl import load_workbook

from common.xlsx import write_table

COLUMNS = [("序号", 6), ("信访事项", 30), ("受理日期", 12), ("是否重点", 9)]


def written(rows, *, sheet_name="台账"):
    output = io.BytesIO()
    count = write_table(output, sheet_name=sheet_name, columns=COLUMNS, rows=rows)
    output.seek(0)
    return count, output


def test_header_then_rows_with_their_types():
    count, output = written(
        [
            [1, "东湖村征地补偿", datetime.date(2026, 3, 9), "是"],
            [2, "", None, "否"],
        ]
    )
    assert count == 2
    sheet = load_workbook(output).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows == [
        ["序号", "信访事项", "受理日期", "是否重点"],
        [1, "东湖村征地补偿", datetime.datetime(2026, 3, 9), "是"],  # noqa: DTZ001
        [2, None, None, "否"],
    ]
    assert sheet.cell(row=2, column=3).number_format == "yyyy\\-mm\\-dd"


def test_the_header_is_bold_frozen_and_printed_on_every_page():
    _count, output = written([[1, "甲", None, "否"]])
    book = load_workbook(output)
    sheet = book.worksheets[0]
    assert sheet.title == "台账"
    header = sheet.cell(row=1, column=2)
    assert header.font.b is True
    assert header.alignment.horizontal == "center"
    assert header.alignment.wrap_text is True
    assert sheet.freeze_panes == "A2"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.column_dimensions["B"].width == 30


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://example.com","点我")', "+1+1", "-2", "@SUM(A1)"]
)
def test_text_is_never_a_formula(text):
    _count, output = written([[1, text, None, ""]])
    cell = load_workbook(output).worksheets[0].cell(row=2, column=2)
    assert cell.data_type == "s"
    assert cell.value == text


def test_markup_and_control_characters_are_safe():
    text = "<b>&\"'</b>\x00\x07\x1b 换行\n制表\t "
    _count, output = written([[1, text, None, ""]])
    value = load_workbook(output).worksheets[0].cell(row=2, column=2).value
    assert value == "<b>&\"'</b> 换行\n制表\t "


def test_a_sheet_name_drops_what_excel_forbids():
    _count, output = written([], sheet_name="台账[2026]/全县:*?" + "长" * 40)
    title = load_workbook(output).worksheets[0].title
    assert title == ("台账2026全县" + "长" * 40)[:31]


def test_rows_stream_from_a_generator_in_a_compressed_package():
    rows = ([n, f"案件{n}", datetime.date(2026, 1, 1), "否"] for n in range(5000))
    count, output = written(rows)
    assert count == 5000
    package = zipfile.ZipFile(output)
    assert package.testzip() is None
    info = package.getinfo("xl/worksheets/sheet1.xml")
    assert info.compress_type == zipfile.ZIP_DEFLATED
    assert info.compress_size < info.file_size / 4
    sheet = load_workbook(output, read_only=True).worksheets[0]
    (last,) = sheet.iter_rows(min_row=5001, max_row=5001, values_only=True)
    assert last[:2] == (4999, "案件4999")


def test_other_values_are_refused():
    with pytest.raises(TypeError):
        written([[object()]])
    with pytest.raises(TypeError):
        written([[datetime.datetime(2026, 1, 1, 8, 0, tzinfo=datetime.UTC)]])
