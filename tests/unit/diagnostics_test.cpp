// Diagnostics: byte offsets become line:column, and a diagnostic is one
// line in the GCC form that editors and CI annotations understand.

#include "cli.hpp"
#include "diagnostics.hpp"

#include <catch2/catch.hpp>

using retrofit::Diagnostic;
using retrofit::Diagnostics;
using retrofit::Severity;
using retrofit::SourceFile;

TEST_CASE("diagnostics: a byte offset becomes a 1-based line and column", "[diagnostics]")
{
    SECTION("offset 0 is line 1, column 1")
    {
        const auto at = retrofit::locate("abc", 0);
        CHECK(at.line == 1);
        CHECK(at.column == 1);
    }
    SECTION("a newline starts the next line at column 1")
    {
        // "ab\ncd": a=0 b=1 \n=2 c=3 d=4; d is on line 2, after c: column 2
        const auto at = retrofit::locate("ab\ncd", 4);
        CHECK(at.line == 2);
        CHECK(at.column == 2);
    }
    SECTION("a carriage return counts as a character, the newline after it ends the line")
    {
        // "a\r\nb": b=3 is the first character of line 2
        const auto at = retrofit::locate("a\r\nb", 3);
        CHECK(at.line == 2);
        CHECK(at.column == 1);
    }
    SECTION("columns count characters, not UTF-8 bytes")
    {
        // "£5": C2 A3 35; the A3 continuation byte adds no column, so '5' (byte 2) is column 2
        CHECK(retrofit::locate("\u00A35", 2).column == 2);
        // "é€x": C3 A9 | E2 82 AC | 78; 'x' is byte 5, the third character
        CHECK(retrofit::locate("\u00E9\u20ACx", 5).column == 3);
    }
    SECTION("only the characters of the offset's own line count towards its column")
    {
        // "é€\n\nxé€y": C3 A9 E2 82 AC 0A | 0A | 78 C3 A9 E2 82 AC 79; 'y' is byte 13,
        // on line 3 after x, é and €: column 4
        const auto at = retrofit::locate("\u00E9\u20AC\n\nx\u00E9\u20ACy", 13);
        CHECK(at.line == 3);
        CHECK(at.column == 4);
    }
    SECTION("a byte order mark is not a column")
    {
        // EF BB BF then "ab": 'b' is byte 4, the second character an editor shows
        CHECK(retrofit::locate("\uFEFFab", 4).column == 2);
        CHECK(retrofit::locate("\uFEFFab", 0).column == 1);
    }
    SECTION("an offset past the end stops at the end of the text")
    {
        // "ab\nc" has 4 bytes; offset 99 stops after 'c': line 2, column 2
        const auto at = retrofit::locate("ab\nc", 99);
        CHECK(at.line == 2);
        CHECK(at.column == 2);
    }
}

TEST_CASE("diagnostics: a diagnostic formats as path:line:column: severity: message (at pointer)", "[diagnostics]")
{
    SECTION("an error with a position and a pointer")
    {
        const Diagnostic d {
            Severity::error, "homes/1.json", 3, 15, "/total_floor_area", "expected a number, got a string"};
        CHECK(retrofit::format_diagnostic(d)
            == "homes/1.json:3:15: error: expected a number, got a string (at /total_floor_area)");
    }
    SECTION("a warning without a pointer has no (at ...)")
    {
        const Diagnostic d {Severity::warning, "site.json", 1, 2, "", "something to look at"};
        CHECK(retrofit::format_diagnostic(d) == "site.json:1:2: warning: something to look at");
    }
    SECTION("a problem of the whole file (line 0) has no line:column")
    {
        const Diagnostic d {Severity::error, "content", 0, 0, "", "content folder not found"};
        CHECK(retrofit::format_diagnostic(d) == "content: error: content folder not found");
    }
}

TEST_CASE("diagnostics: a JSON pointer token escapes ~ and /", "[diagnostics]")
{
    SECTION("plain keys, spaces included, are unchanged")
    {
        CHECK(retrofit::pointer_token("mains gas") == "mains gas");
        CHECK(retrofit::pointer_token("") == "");
    }
    SECTION("~ becomes ~0 and / becomes ~1 (RFC 6901)")
    {
        CHECK(retrofit::pointer_token("a/b") == "a~1b");
        CHECK(retrofit::pointer_token("~") == "~0");
        // "~1" is a literal tilde then a one: "~0" + "1"
        CHECK(retrofit::pointer_token("~1/") == "~01~1");
    }
}

TEST_CASE("diagnostics: the sink keeps every problem and counts errors and warnings", "[diagnostics]")
{
    const SourceFile file {"homes/7.json", "{\n  \"uprn\": 7\n}"};
    Diagnostics sink;

    SECTION("an error at an offset gets its file, line and column")
    {
        // offsets: { \n sp sp "uprn" = 2..9, ':' 10, sp 11, '7' 12 -> line 2, column 11
        sink.error(file, 12, "/uprn", "expected a string, got a number");
        REQUIRE(sink.items().size() == 1);
        CHECK(retrofit::format_diagnostic(sink.items()[0])
            == "homes/7.json:2:11: error: expected a string, got a number (at /uprn)");
        CHECK(sink.error_count() == 1);
        CHECK(sink.warning_count() == 0);
    }
    SECTION("a warning counts as a warning, not an error")
    {
        sink.warning(file, 0, "", "an unusual file");
        REQUIRE(sink.items().size() == 1);
        CHECK(retrofit::format_diagnostic(sink.items()[0]) == "homes/7.json:1:1: warning: an unusual file");
        CHECK(sink.error_count() == 0);
        CHECK(sink.warning_count() == 1);
    }
    SECTION("a file error has no position")
    {
        sink.file_error("content/homes", "cannot list the folder: Permission denied");
        REQUIRE(sink.items().size() == 1);
        CHECK(retrofit::format_diagnostic(sink.items()[0])
            == "content/homes: error: cannot list the folder: Permission denied");
    }
    SECTION("every problem is kept, in order")
    {
        sink.error(file, 0, "", "first");
        sink.warning(file, 0, "", "second");
        sink.add({Severity::error, "other.json", 4, 2, "/x", "third"});
        REQUIRE(sink.items().size() == 3);
        CHECK(sink.items()[0].message == "first");
        CHECK(sink.items()[1].message == "second");
        CHECK(retrofit::format_diagnostic(sink.items()[2]) == "other.json:4:2: error: third (at /x)");
        CHECK(sink.error_count() == 2);
        CHECK(sink.warning_count() == 1);
    }
}

TEST_CASE("diagnostics: control characters from content are escaped, so a diagnostic stays one line", "[diagnostics]")
{
    const retrofit::Diagnostic diagnostic {
        retrofit::Severity::error, "homes/1.json", 2, 5, "/a\nb", std::string("got \"x\ty\0z\x7f\"", 12)};
    // \n -> \n, \t -> \t, NUL -> \u0000, DEL -> \u007f: each written as its JSON escape.
    CHECK(
        retrofit::format_diagnostic(diagnostic) == "homes/1.json:2:5: error: got \"x\\ty\\u0000z\\u007f\" (at /a\\nb)");
}

TEST_CASE("cli: the progress line says what is done, how fast and how long is left", "[cli]")
{
    // 4,210 of 10,000 homes in 2 s: 2,105 a second; 5,790 left / 2,105 = 2.75 s, about 3 s.
    CHECK(retrofit::cli::progress_text("writing", 4210, 10000, 2.0)
        == "retrofit-site: writing 4,210/10,000 homes, 2,105/s, about 3 s left");
    // 1,000 of 1,000,000 files in 10 s: 100 a second; 999,000 / 100 = 9,990 s = 166.5 min, about 167 min.
    CHECK(retrofit::cli::progress_text("checking", 1000, 1000000, 10.0)
        == "retrofit-site: checking 1,000/1,000,000 files, 100/s, about 167 min left");
    CHECK(retrofit::cli::progress_text("checking", 0, 7, 0.0) == "retrofit-site: checking 0/7 files");
}
