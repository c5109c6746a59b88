#include "domain/document.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "domain/text.h"

namespace haven::domain {
namespace {

DocumentFormat format(std::string_view media_type) {
  auto found = find_document_format(media_type);
  EXPECT_TRUE(found.has_value()) << media_type;
  return found.value_or(DocumentFormat{});
}

TEST(DocumentFormatTest, AcceptsPapersAndRefusesWhatRunsOrRenders) {
  for (std::string_view accepted :
       {"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp", "image/heic",
        "text/plain", "text/rtf", "application/vnd.oasis.opendocument.text",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/msword", "application/vnd.ms-excel"}) {
    EXPECT_TRUE(find_document_format(accepted).has_value()) << accepted;
  }
  for (std::string_view refused :
       {"application/x-dosexec", "application/x-executable", "text/html", "image/svg+xml",
        "text/x-shellscript", "text/x-python", "application/javascript", "application/zip",
        "application/x-7z-compressed", "application/octet-stream", "application/x-empty",
        "APPLICATION/PDF", "", "application/pdf; charset=binary"}) {
    EXPECT_FALSE(find_document_format(refused).has_value()) << refused;
  }
  EXPECT_EQ(format("image/jpeg").label, "JPEG");
  EXPECT_EQ(format("image/jpeg").extension, "jpg");
}

TEST(SafeFileNameTest, TableOfHostileAndOrdinaryNames) {
  struct Row {
    std::string_view name, given, media_type, want;
  };
  std::vector<Row> rows{
      {"ordinary", "passport_ivanov.jpg", "image/jpeg", "passport_ivanov.jpg"},
      {"other usual extension", "scan.JPEG", "image/jpeg", "scan.JPEG"},
      {"wrong extension", "notes.html", "text/plain", "notes.html.txt"},
      {"no extension", "повестка", "application/pdf", "повестка.pdf"},
      {"unix folders", "../../etc/passwd", "text/plain", "passwd.txt"},
      {"windows folders", "C:\\Users\\x\\scan.pdf", "application/pdf", "scan.pdf"},
      {"CRLF and tab", "a\r\nb\tc.txt", "text/plain", "abc.txt"},
      {"bidi override", "invoice\u202Efdp.exe", "application/pdf", "invoicefdp.exe.pdf"},
      {"leading dots", "...hidden.txt", "text/plain", "hidden.txt"},
      {"trailing dots and spaces", "scan.pdf. . ", "application/pdf", "scan.pdf"},
      {"empty", "", "application/pdf", "document.pdf"},
      {"only a folder", "dir/", "image/png", "document.png"},
      {"only controls", "\x01\x02", "image/png", "document.png"},
      {"broken UTF-8", "a\xff.txt", "text/plain", "a\xef\xbf\xbd.txt"},
  };
  for (auto const& row : rows) {
    EXPECT_EQ(safe_file_name(row.given, format(row.media_type)), row.want) << row.name;
  }
}

TEST(SafeFileNameTest, LongNamesAreCutAndKeepTheirExtension) {
  std::string cyrillic;
  for (int i = 0; i < 300; ++i) cyrillic += "ж";
  auto safe = safe_file_name(cyrillic + ".pdf", format("application/pdf"));
  EXPECT_EQ(count_code_points(safe), static_cast<std::ptrdiff_t>(kMaxSafeFileNameChars));
  EXPECT_TRUE(safe.ends_with(".pdf"));
}

TEST(AsciiFileNameTest, KeepsPrintableAsciiAndReplacesTheRest) {
  EXPECT_EQ(ascii_file_name("scan 1.pdf"), "scan 1.pdf");
  EXPECT_EQ(ascii_file_name("паспорт.jpg"), "_______.jpg");
  EXPECT_EQ(ascii_file_name("a\"b\\c%d;e.txt"), "a_b_c_d_e.txt");
  EXPECT_EQ(ascii_file_name("日本.txt"), "__.txt");
}

TEST(PrintableLabelTest, DropsControlsAndCutsByCodePoints) {
  EXPECT_EQ(printable_label("a\r\nb", 10), "ab");
  EXPECT_EQ(printable_label("жжжж", 2), "жж");
  EXPECT_EQ(printable_label("\xc3", 5), "\xef\xbf\xbd");
  EXPECT_EQ(printable_label("", 5), "");
}

}  // namespace
}  // namespace haven::domain
