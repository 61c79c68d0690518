"""Uploads into the request's temporary folder, within limits: the request body (413 past
it), the number of files, and for a .zip its members and their unpacked total (a zip bomb
stops at the limit, whatever its headers claim).

Each file is written as it streams in (python-multipart), never held whole in memory. The
name the user gave is kept for the findings and the page; on disk a file gets a folder of
its own and a plain name, so no upload names a path outside the request's folder.
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path, PurePosixPath

from reportlint.records import field, record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import BinaryIO

CHUNK = 64 * 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")


@record(frozen=True)
class Limits:
    upload: int = 20 * 1024 * 1024  # bytes in one request
    files: int = 100  # files in one request, zip members included
    unpacked: int = 100 * 1024 * 1024  # bytes unpacked from the zips of one request
    file_bytes: int = 5 * 1024 * 1024  # a larger zip member is not unpacked (the linter's RL010)


class TooLarge(Exception):
    """Over a limit: HTTP 413."""


class BadUpload(Exception):
    """Not an upload this server takes: HTTP 400."""


@record
class Upload:
    folder: Path
    files: list[tuple[str, str]] = field(default_factory=list)  # (path on disk, name given)
    fields: dict[str, str] = field(default_factory=dict)  # small form fields (lang)
    received: int = 0
    made: int = 0  # folders made, one per file

    def add(self, name: str, limits: Limits) -> tuple[str, str]:
        """A new file's place on disk for the name the user gave."""
        if len(self.files) >= limits.files:
            raise TooLarge(f"more than {limits.files} files in one upload")
        name = self._unique(clean_name(name))
        folder = self.folder / str(self.made)
        folder.mkdir()
        self.made += 1
        path = folder / disk_name(name)
        self.files.append((str(path), name))
        return str(path), name

    def _unique(self, name: str) -> str:
        taken = {n for _, n in self.files}
        stem, suffix = posixpath.splitext(name)
        number = 2
        while name in taken:
            name, number = f"{stem} ({number}){suffix}", number + 1
        return name


def clean_name(name: str) -> str:
    """The name as shown: a relative POSIX path without `..`, control characters or a drive."""
    parts = [_CONTROL.sub("", p).strip() for p in name.replace("\\", "/").split("/")]
    parts = [p for p in parts if p and p not in (".", "..")]
    return "/".join(parts)[-240:].lstrip("/") or "upload"


def disk_name(name: str) -> str:
    """A plain file name keeping the extension, which chooses the reader."""
    suffix = PurePosixPath(name).suffix
    return "report" + (suffix.lower() if _SUFFIX.fullmatch(suffix) else "")


async def limited(chunks: AsyncIterator[bytes], upload: Upload, limits: Limits,
                  declared: str | None) -> AsyncIterator[bytes]:
    """The request body, or TooLarge as soon as it is (or says it will be) over the limit."""
    if declared and declared.isdigit() and int(declared) > limits.upload:
        raise TooLarge(f"upload of {int(declared)} bytes, over the limit of {limits.upload}")
    async for chunk in chunks:
        upload.received += len(chunk)
        if upload.received > limits.upload:
            raise TooLarge(f"upload over the limit of {limits.upload} bytes")
        yield chunk


async def receive_multipart(body: AsyncIterator[bytes], content_type: str, upload: Upload,
                            limits: Limits, file_fields: tuple[str, ...] = ("file", "text")) -> None:
    """Write each file part (and each pasted text) into the upload's folder; keep the small
    fields."""
    from python_multipart.multipart import MultipartParser, parse_options_header

    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        raise BadUpload("multipart/form-data without a boundary")
    state = _Parts(upload, limits, file_fields)
    parser = MultipartParser(boundary, {
        "on_part_begin": state.begin, "on_header_field": state.header_field,
        "on_header_value": state.header_value, "on_header_end": state.header_end,
        "on_headers_finished": state.headers_finished, "on_part_data": state.data,
        "on_part_end": state.end})
    try:
        async for chunk in body:
            parser.write(chunk)
        parser.finalize()
    except (TooLarge, BadUpload):
        raise
    except Exception as error:  # python-multipart's parse errors
        raise BadUpload("the upload is not well-formed multipart/form-data") from error
    finally:
        state.close()


class _Parts:
    """python-multipart callbacks: one part at a time, a file part straight to disk."""

    def __init__(self, upload: Upload, limits: Limits, file_fields: tuple[str, ...]) -> None:
        self.upload, self.limits, self.file_fields = upload, limits, file_fields
        self.header = [b"", b""]
        self.disposition = b""
        self.name = ""
        self.stream: BinaryIO | None = None
        self.path = ""
        self.value = bytearray()
        self.written = 0

    def begin(self) -> None:
        self.disposition, self.name, self.value, self.written = b"", "", bytearray(), 0

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self.header[0] += data[start:end]

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self.header[1] += data[start:end]

    def header_end(self) -> None:
        if self.header[0].lower() == b"content-disposition":
            self.disposition = self.header[1]
        self.header = [b"", b""]

    def headers_finished(self) -> None:
        from python_multipart.multipart import parse_options_header

        _, options = parse_options_header(self.disposition)
        self.name = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        if self.name not in self.file_fields:
            return
        if self.name == "file" and not filename:
            return  # the file field of a form sent with no file chosen
        shown = filename.decode("utf-8", "replace") if self.name == "file" else "pasted.txt"
        self.path, _ = self.upload.add(posixpath.basename(clean_name(shown)), self.limits)
        self.stream = open(self.path, "wb")  # closed in end() or close()

    def data(self, data: bytes, start: int, end: int) -> None:
        if self.stream is not None:
            self.stream.write(data[start:end])
            self.written += end - start
        elif len(self.value) + end - start <= 1024:  # lang and such; anything longer is not ours
            self.value += data[start:end]

    def end(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
            if self.name == "text":
                self._pasted()
        elif self.name:
            self.upload.fields[self.name] = self.value.decode("utf-8", "replace")

    def _pasted(self) -> None:
        """Pasted text: dropped when empty; named .yaml or .json when it is report data."""
        files = self.upload.files
        with open(self.path, "rb") as handle:
            head = handle.read(4096)
        if not head.strip():
            os.remove(self.path)
            os.rmdir(os.path.dirname(self.path))
            files.pop()
            return
        suffix = pasted_suffix(head.decode("utf-8", "replace"))
        if suffix != ".txt":
            new = self.path[:-len(".txt")] + suffix
            os.rename(self.path, new)
            files[-1] = (new, files[-1][1][:-len(".txt")] + suffix)

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None


def pasted_suffix(head: str) -> str:
    """`.json` for text that starts as a JSON object, `.yaml` for the report data format's
    keys at the start of a line, else `.txt` (a web page or PDF copied as text)."""
    lines = [line for line in head.splitlines() if line.strip() and not line.startswith("#")]
    if lines and lines[0].lstrip().startswith("{"):
        return ".json"
    if lines and re.match(r"(format|meta|intro|sections|tables|contact):", lines[0]):
        return ".yaml"
    return ".txt"


async def receive_json(body: AsyncIterator[bytes], upload: Upload, limits: Limits) -> None:
    """A JSON body is the report data itself (docs/report-format.md), checked as `report.json`."""
    path, _ = upload.add("report.json", limits)
    with open(path, "wb") as handle:
        async for chunk in body:
            handle.write(chunk)


def unpack_zips(upload: Upload, limits: Limits) -> None:
    """Replace each uploaded .zip by its members (one level: a zip inside is a file), within
    the limits. Run in a thread: it reads and writes files."""
    unpacked = 0
    files, upload.files = upload.files, []
    for path, name in files:
        if not name.lower().endswith(".zip"):
            upload.files.append((path, name))
            continue
        try:
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.infolist() if not m.is_dir()]
                if len(upload.files) + len(members) > limits.files:
                    raise TooLarge(f"{name} holds {len(members)} files; at most {limits.files} "
                                   "files are checked in one upload")
                for member in members:
                    unpacked += _unpack(archive, member, upload, limits, limits.unpacked - unpacked,
                                        posixpath.splitext(name)[0])
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError,
                EOFError, ValueError) as error:
            raise BadUpload(f"{name} is not a zip archive that can be read ({error})") from error
        os.remove(path)


def _unpack(archive: zipfile.ZipFile, member: zipfile.ZipInfo, upload: Upload, limits: Limits,
            room: int, prefix: str) -> int:
    """One member into the upload; the bytes unpacked. A member over the per-file limit is
    left as an empty file of its stated size (sparse), so the linter says RL010 as it would
    for the unpacked file; one that says less than it holds is cut at the limit."""
    target, _ = upload.add(f"{prefix}/{member_name(member)}", limits)
    if member.file_size > limits.file_bytes:
        with open(target, "wb") as handle:
            handle.truncate(member.file_size)
        return 0
    written = 0
    with archive.open(member) as source, open(target, "wb") as handle:
        while written <= limits.file_bytes:
            chunk = source.read(min(CHUNK, limits.file_bytes + 1 - written))
            if not chunk:
                break
            written += len(chunk)
            if written > room:
                raise TooLarge(f"the zip unpacks to more than {limits.unpacked} bytes")
            handle.write(chunk)
    return written


def member_name(member: zipfile.ZipInfo) -> str:
    """A member's name as its maker wrote it: an archive made on a Chinese Windows stores
    names in GBK without saying so, which zipfile reads as cp437."""
    if member.flag_bits & 0x800:
        return member.filename
    raw = member.filename.encode("cp437", "replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return member.filename
