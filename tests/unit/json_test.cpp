// Load: json::parse keeps each value's offset and each number's exact text,
// and turns every syntax error into a message a user can act on; read_file,
// list_json_names and read_content bring the content folder's bytes in.

#include "diagnostics.hpp"
#include "load/content.hpp"
#include "load/json.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

namespace fs = std::filesystem;
using retrofit::Diagnostics;
using retrofit::SourceFile;
using retrofit::json::Kind;

namespace {

/// The one error of a document, formatted as the build reports it.
std::string only_error(const std::string& text)
{
    const retrofit::json::Document document = retrofit::json::parse(text);
    REQUIRE(document.errors.size() == 1);
    Diagnostics sink;
    sink.error(SourceFile {"homes/1.json", text}, document.errors[0].offset, "", document.errors[0].message);
    return retrofit::format_diagnostic(sink.items()[0]);
}

std::vector<std::string> messages(const Diagnostics& sink)
{
    std::vector<std::string> out;
    for (const auto& diagnostic : sink.items()) {
        out.push_back(retrofit::format_diagnostic(diagnostic));
    }
    return out;
}

}  // namespace

TEST_CASE("json: values keep their kind, their text and where they start", "[json]")
{
    // offsets: '{'0 '\n'1 sp2 sp3 "a"4-6 ':'7 sp8 '['9 '1'10 '0'11 ','12 sp13 '{'14 "b"15-17 ':'18 sp19
    // null 20-23 '}'24 ']'25 ','26 '\n'27 sp28 sp29 "c"30-32 sp33 ':'34 sp35 "x"36-38 '\n'39 '}'40
    const std::string text = "{\n  \"a\": [10, {\"b\": null}],\n  \"c\" : \"x\"\n}";
    const auto document = retrofit::json::parse(text);
    REQUIRE(document.errors.empty());
    const auto& root = document.root;

    SECTION("objects keep their member names in order, arrays their elements")
    {
        CHECK(root.kind == Kind::object);
        CHECK(root.keys == std::vector<std::string> {"a", "c"});
        REQUIRE(root.find("a") != nullptr);
        CHECK(root.find("a")->kind == Kind::array);
        CHECK(root.find("a")->items.size() == 2);
        CHECK(root.find("c")->text == "x");
        CHECK(root.find("missing") == nullptr);
    }
    SECTION("each value's offset is its first character, after spaces, ':' and ','")
    {
        const auto& a = *root.find("a");
        CHECK(root.offset == 0);
        CHECK(a.offset == 9);
        CHECK(a.items[0].offset == 10);
        CHECK(a.items[1].offset == 14);
        CHECK(a.items[1].find("b")->offset == 20);
        CHECK(a.items[1].find("b")->kind == Kind::null);
        CHECK(root.find("c")->offset == 36);
    }
}

TEST_CASE("json: numbers keep the text they were written with", "[json]")
{
    const auto document
        = retrofit::json::parse(R"([899, 5363.1, -12.5, 1e2, 0.25912142857142856, "1.7184332484519738", true, false])");
    REQUIRE(document.errors.empty());
    const auto& items = document.root.items;
    REQUIRE(items.size() == 8);

    SECTION("integers, decimals, negatives and exponents stay as written")
    {
        CHECK(items[0].kind == Kind::number);
        CHECK(items[0].text == "899");
        CHECK(items[1].text == "5363.1");
        CHECK(items[2].text == "-12.5");
        CHECK(items[3].text == "1e2");
        CHECK(items[4].text == "0.25912142857142856");
    }
    SECTION("a number written as a string stays a string")
    {
        CHECK(items[5].kind == Kind::string);
        CHECK(items[5].text == "1.7184332484519738");
    }
    SECTION("booleans keep their value")
    {
        CHECK(items[6].kind == Kind::boolean);
        CHECK(items[6].boolean);
        CHECK_FALSE(items[7].boolean);
    }
}

TEST_CASE("json: string escapes are decoded to UTF-8", "[json]")
{
    // \u00e9 is é (C3 A9); the pair \ud83d\ude00 is U+1F600 (F0 9F 98 80)
    const auto document = retrofit::json::parse(R"(["caf\u00e9", "\ud83d\ude00", "a\"b\\c\n"])");
    REQUIRE(document.errors.empty());
    CHECK(document.root.items[0].text == "caf\xC3\xA9");
    CHECK(document.root.items[1].text == "\xF0\x9F\x98\x80");
    CHECK(document.root.items[2].text == "a\"b\\c\n");
}

TEST_CASE("json: kinds are named as messages say them", "[json]")
{
    CHECK(std::string(retrofit::json::kind_name(Kind::null)) == "null");
    CHECK(std::string(retrofit::json::kind_name(Kind::boolean)) == "a boolean");
    CHECK(std::string(retrofit::json::kind_name(Kind::number)) == "a number");
    CHECK(std::string(retrofit::json::kind_name(Kind::string)) == "a string");
    CHECK(std::string(retrofit::json::kind_name(Kind::array)) == "an array");
    CHECK(std::string(retrofit::json::kind_name(Kind::object)) == "an object");
}

TEST_CASE("json: a byte order mark is skipped and offsets still count from the file's start", "[json]")
{
    // BOM = bytes 0-2; '{'3 "a"4-6 ':'7 sp8 '1'9
    const auto document = retrofit::json::parse("\xEF\xBB\xBF{\"a\": 1}");
    REQUIRE(document.errors.empty());
    CHECK(document.root.offset == 3);
    CHECK(document.root.find("a")->offset == 9);

    // BOM 0-2, '['3 '1'4 sp5 '2'6: the missing ',' is reported at byte 6, which an editor
    // (showing no BOM) puts in column 4
    const auto broken = retrofit::json::parse("\xEF\xBB\xBF[1 2]");
    REQUIRE(broken.errors.size() == 1);
    CHECK(broken.errors[0].offset == 6);
    CHECK(only_error("\xEF\xBB\xBF[1 2]") == "homes/1.json:1:4: error: expected ',' or ']' after an array element");
}

TEST_CASE("json: every syntax error names the problem at its line and column", "[json]")
{
    struct Case {
        const char* name;
        std::string text;
        std::string expected;
    };
    // Columns worked out by hand: each comment gives the offending byte's 0-based offset.
    const Case cases[] = {
        // " \n " : the end is byte 3, line 2 column 2
        {"empty", " \n ", "homes/1.json:2:2: error: expected a JSON document, got nothing (the file is empty)"},
        // "{} {}": the second '{' is byte 3
        {"two roots", "{} {}", "homes/1.json:1:4: error: unexpected text after the end of the JSON document"},
        // {"a": NaN}: N is byte 6
        {"NaN", R"({"a": NaN})",
            "homes/1.json:1:7: error: expected a JSON value (NaN, Infinity, comments and bare words are not JSON)"},
        // {"a": 1, }: '}' is byte 9
        {"trailing comma", R"({"a": 1, })", "homes/1.json:1:10: error: expected a member name in double quotes"},
        // {"a" 1}: '1' is byte 5
        {"missing colon", R"({"a" 1})", "homes/1.json:1:6: error: expected ':' after the member name"},
        // {"a": 1 "b": 2}: the second '"' opening "b" is byte 8
        {"missing comma in object", R"({"a": 1 "b": 2})",
            "homes/1.json:1:9: error: expected ',' or '}' after an object member"},
        // [1 2]: '2' is byte 3
        {"missing comma in array", "[1 2]", "homes/1.json:1:4: error: expected ',' or ']' after an array element"},
        // ["\u12G4"]: the backslash is byte 2
        {"bad hex", R"(["\u12G4"])", "homes/1.json:1:3: error: expected four hex digits after \\u"},
        // ["\uD800x"]: a high surrogate with no low one; backslash at byte 2
        {"lone surrogate", R"(["\uD800x"])", "homes/1.json:1:3: error: invalid UTF-16 surrogate pair in a \\u escape"},
        // ["a\q"]: the backslash is byte 3
        {"bad escape", R"(["a\q"])", "homes/1.json:1:4: error: invalid escape sequence in a string"},
        // ["abc : the end of the text is byte 5
        {"unterminated string", R"(["abc)", "homes/1.json:1:6: error: unterminated string: expected a closing '\"'"},
        // ["\xFF"]: the invalid byte is byte 2
        {"invalid UTF-8", "[\"\xFF\"]", "homes/1.json:1:3: error: invalid UTF-8 in a string"},
        // [1.]: ']' after the point is byte 3
        {"no fraction", "[1.]", "homes/1.json:1:4: error: expected a digit after the decimal point"},
        // [1e+]: ']' after the sign is byte 4
        {"no exponent", "[1e+]", "homes/1.json:1:5: error: expected a digit in the exponent"},
        // {"a": 1, "b": 2, "a": 3}: the second "a"'s value 3 is byte 22
        {"duplicate key", R"({"a": 1, "b": 2, "a": 3})",
            "homes/1.json:1:23: error: duplicate key \"a\": which one wins is undefined"},
    };
    for (const Case& c : cases) {
        DYNAMIC_SECTION(c.name)
        {
            CHECK(only_error(c.text) == c.expected);
        }
    }
}

TEST_CASE("json: a lone low surrogate escape is refused, in a value or a name", "[json]")
{
    // Found by tests/fuzz: RapidJSON 1.1.0 decodes "\udc00" to bytes that are
    // not UTF-8, which went on into api/home/<uprn>.json as they were.
    SECTION("in a value: reported where the string starts, byte 6")
    {
        CHECK(only_error(R"({"a": "x\udc00"})")
            == "homes/1.json:1:7: error: invalid UTF-16 surrogate pair in a \\u escape");
    }
    SECTION("in a member name: reported where the name starts, byte 2")
    {
        CHECK(only_error(R"({ "\uDFFF": 1})")
            == "homes/1.json:1:3: error: invalid UTF-16 surrogate pair in a \\u escape");
    }
    SECTION("a surrogate pair and the characters just below the surrogates are still accepted")
    {
        const auto document = retrofit::json::parse(R"(["\ud83d\ude00", "\ud7ff", "\ue000"])");
        REQUIRE(document.errors.empty());
        CHECK(document.root.items[0].text == "\xF0\x9F\x98\x80");
        CHECK(document.root.items[1].text == "\xED\x9F\xBF");
        CHECK(document.root.items[2].text == "\xEE\x80\x80");
    }
}

TEST_CASE("json: a number too big for a double is reported as such", "[json]")
{
    // [1e999]: the number starts at byte 1
    CHECK(only_error("[1e999]")
        == "homes/1.json:1:2: error: number is out of range: a double holds at most about 1.8e308");
}

TEST_CASE("json: a NUL byte means the file is not JSON text", "[json]")
{
    // {"a":<NUL>}: '{'0 "a"1-3 ':'4 NUL 5
    CHECK(only_error(std::string("{\"a\":\0}", 7))
        == "homes/1.json:1:6: error: unexpected NUL byte: this is not a JSON text file");
}

TEST_CASE("json: nesting is limited, so no document can overflow the stack", "[json]")
{
    SECTION("256 levels are accepted")
    {
        const auto document = retrofit::json::parse(std::string(256, '[') + std::string(256, ']'));
        CHECK(document.errors.empty());
    }
    SECTION("257 levels are rejected where the 257th opens")
    {
        // the 257th '[' is byte 256; the error is reported just after it, byte 257 -> column 258
        CHECK(only_error(std::string(257, '[') + std::string(257, ']'))
            == "homes/1.json:1:258: error: nesting deeper than 256 levels");
    }
}

TEST_CASE("load: read_file returns the bytes or says why not", "[json][load]")
{
    const fs::path dir = test_support::scratch("unit-load-read-file");
    std::string why;

    SECTION("a file's bytes come back exactly")
    {
        const std::string bytes("a\r\nb\0c", 6);
        test_support::write(dir / "f.json", bytes);
        CHECK(retrofit::load::read_file(dir / "f.json", why) == bytes);
    }
    SECTION("a string read into again holds the second file's bytes only")
    {
        test_support::write(dir / "long.json", std::string(70000, 'x'));
        test_support::write(dir / "short.json", "[1]");
        std::string text;
        REQUIRE(retrofit::load::read_file_into(dir / "long.json", text, why));
        CHECK(text.size() == 70000);
        REQUIRE(retrofit::load::read_file_into(dir / "short.json", text, why));
        CHECK(text == "[1]");
        CHECK_FALSE(retrofit::load::read_file_into(dir / "none.json", text, why));
        CHECK(why == "cannot read: No such file or directory");
    }
    SECTION("a symbolic link to itself, which no open can follow")
    {
        fs::create_symlink(dir / "loop.json", dir / "loop.json");
        CHECK_FALSE(retrofit::load::read_file(dir / "loop.json", why));
        CHECK(why == "broken symbolic link to " + (dir / "loop.json").string());
    }
    SECTION("a missing file")
    {
        CHECK_FALSE(retrofit::load::read_file(dir / "none.json", why));
        CHECK(why == "cannot read: No such file or directory");
    }
    SECTION("a folder")
    {
        CHECK_FALSE(retrofit::load::read_file(dir, why));
        CHECK(why == "expected a file, got a directory");
    }
    SECTION("a named pipe, which could block a read forever")
    {
        REQUIRE(::mkfifo((dir / "pipe.json").c_str(), 0600) == 0);
        CHECK_FALSE(retrofit::load::read_file(dir / "pipe.json", why));
        CHECK(why == "expected a regular file");
    }
    SECTION("a file over 64 MiB is refused before it is read")
    {
        // a sparse file of 64 * 1024 * 1024 + 1 = 67108865 bytes
        std::ofstream(dir / "big.json").close();
        fs::resize_file(dir / "big.json", retrofit::load::k_max_file_bytes + 1);
        CHECK_FALSE(retrofit::load::read_file(dir / "big.json", why));
        CHECK(why == "file is 67108865 bytes, over the limit of 64 MiB (67108864 bytes)");
        // The generator's own files (its manifest) are read at any size.
        const auto big = retrofit::load::read_file(dir / "big.json", why, retrofit::load::k_any_size);
        REQUIRE(big);
        CHECK(big->size() == retrofit::load::k_max_file_bytes + 1);
    }
    SECTION("a file whose size the filesystem does not give is read to its end")
    {
        // Files of /proc say they are empty; /proc/self/status holds the process's name.
        REQUIRE(fs::file_size("/proc/self/status") == 0);
        const auto status = retrofit::load::read_file("/proc/self/status", why);
        REQUIRE(status);
        CHECK(status->rfind("Name:", 0) == 0);
        CHECK(status->find("\nPid:") != std::string::npos);
    }
}

TEST_CASE("load: list_json_names lists a folder's .json files in name order", "[json][load]")
{
    const fs::path dir = test_support::scratch("unit-load-list");
    Diagnostics sink;

    SECTION("hidden files, other names and editor backups are skipped")
    {
        for (const char* name : {"b.json", "a.json", ".hidden.json", "README.md", "c.json~", "json"}) {
            test_support::write(dir / name, "{}");
        }
        const auto files = retrofit::load::list_json_names(dir, sink);
        CHECK(files == std::vector<std::string> {"a.json", "b.json"});
        CHECK(sink.items().empty());
    }
    SECTION("a missing folder holds no files and is not an error")
    {
        CHECK(retrofit::load::list_json_names(dir / "none", sink).empty());
        CHECK(sink.items().empty());
    }
    SECTION("a path that is a file cannot be listed")
    {
        test_support::write(dir / "homes", "not a folder");
        CHECK(retrofit::load::list_json_names(dir / "homes", sink).empty());
        CHECK(messages(sink)
            == std::vector<std::string> {
                (dir / "homes").string() + ": error: cannot list the folder: Not a directory"});
    }
}

TEST_CASE("load: read_content reads site.json, homes and results", "[json][load]")
{
    const fs::path dir = test_support::scratch("unit-load-content");
    Diagnostics sink;

    SECTION("every file comes in, each list sorted by file name")
    {
        test_support::write(dir / "site.json", R"({"title": "T"})");
        test_support::write(dir / "homes" / "2.json", "two");
        test_support::write(dir / "homes" / "10.json", "ten");
        test_support::write(dir / "results" / "r.json", "result");
        const auto files = retrofit::load::read_content(dir, sink);
        CHECK(sink.items().empty());
        REQUIRE(files.settings);
        CHECK(files.settings->path == (dir / "site.json").string());
        CHECK(files.settings->text == R"({"title": "T"})");
        // sorted as names: "10.json" before "2.json"
        REQUIRE(files.homes.size() == 2);
        CHECK(files.homes[0].path == (dir / "homes" / "10.json").string());
        CHECK(files.homes[0].text == "ten");
        CHECK(files.homes[1].text == "two");
        REQUIRE(files.results.size() == 1);
        CHECK(files.results[0].text == "result");
    }
    SECTION("site.json is optional, and so are the homes and results folders")
    {
        fs::create_directories(dir);
        const auto files = retrofit::load::read_content(dir, sink);
        CHECK_FALSE(files.settings);
        CHECK(files.homes.empty());
        CHECK(files.results.empty());
        CHECK(sink.items().empty());
    }
    SECTION("a missing content folder")
    {
        retrofit::load::read_content(dir / "none", sink);
        CHECK(messages(sink)
            == std::vector<std::string> {
                (dir / "none").string() + ": error: content folder not found (give one with --content DIR)"});
    }
    SECTION("an unreadable entry is reported and left out; the others still come in")
    {
        fs::create_directories(dir / "homes" / "1.json");
        test_support::write(dir / "homes" / "2.json", "two");
        REQUIRE(::mkfifo((dir / "homes" / "3.json").c_str(), 0600) == 0);
        fs::create_symlink(dir / "nowhere.json", dir / "site.json");
        const auto files = retrofit::load::read_content(dir, sink);
        CHECK_FALSE(files.settings);
        REQUIRE(files.homes.size() == 1);
        CHECK(files.homes[0].text == "two");
        CHECK(messages(sink)
            == std::vector<std::string> {
                (dir / "site.json").string() + ": error: broken symbolic link to " + (dir / "nowhere.json").string(),
                (dir / "homes" / "1.json").string() + ": error: expected a file, got a directory",
                (dir / "homes" / "3.json").string() + ": error: expected a regular file",
            });
    }
}
