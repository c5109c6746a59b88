// Documents on the case page through the real http::Server on port 0, with the real use
// cases, libmagic and SQLite in a temp dir: upload (multipart, no JavaScript) and download
// byte for byte as an attachment under a safe name; executables, HTML and SVG refused with
// the type named; empty and oversized files; a name with ../, CRLF and Cyrillic; another
// organisation's document or case answering like a missing one; the audit entries; "who
// opened this case"; and a database that holds neither the file's words nor its name.
#include "web/document_pages.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/case_documents.h"
#include "cases_pages_fixture.h"
#include "stored_values.h"
#include "web/case_request.h"

namespace haven::web {
namespace {

using testing::Browser;
using testing::CasesPagesTest;
using testing::ClientResponse;
using testing::contains;

constexpr char kContentCanary[] = "CANARY-FILE повестка явиться в военкомат 2211";
constexpr char kBoundary[] = "----havenboundary7MA4YWxkTrZu0gW";

class DocumentPagesTest : public CasesPagesTest {
 protected:
  void configure(web::SiteConfig& config) override {
    CasesPagesTest::configure(config);
    auto types = app::DocumentTypes::load();
    ASSERT_TRUE(types.ok()) << types.error().detail;
    types_ = std::move(types).value();
    documents_.emplace(*store_, clock_, random_, *audit_, *types_);
    config.documents = &*documents_;
  }

  void SetUp() override {
    CasesPagesTest::SetUp();
    if (HasFatalFailure()) return;
    browser_ = signed_in(*counsellor_);
    auto created = post(browser_, cases_of(org_a_) + "/new", new_case_fields("needs help"));
    ASSERT_EQ(created.status, 303u) << created.body;
    case_id_ = only_case_id(get(browser_, cases_of(org_a_) + "?queue=all").body);
    ASSERT_FALSE(case_id_.empty());
    case_page_ = cases_of(org_a_) + "/" + case_id_;
  }

  // A multipart upload of `content` named `file_name` with the browser's CSRF token.
  ClientResponse upload(Browser& browser, std::string const& path, std::string const& file_name,
                        std::string const& content, std::string const& declared = "text/plain") {
    if (!browser.cookies.contains(csrf_cookie_name())) get(browser, "/sign-in");
    std::string body = "--" + std::string(kBoundary) +
                       "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nsigned-" +
                       browser.cookies[csrf_cookie_name()] + "\r\n--" + kBoundary +
                       "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
                       file_name + "\"\r\nContent-Type: " + declared + "\r\n\r\n" + content +
                       "\r\n--" + kBoundary + "--\r\n";
    std::string head = "POST " + path + " HTTP/1.1\r\nUser-Agent: " + browser.user_agent +
                       "\r\nCookie: " + browser.cookie_header() +
                       "\r\nContent-Type: multipart/form-data; boundary=" + kBoundary;
    return testing::send_request(server_->port(), head, body);
  }

  // The download links on the case page, in page order.
  std::vector<std::string> document_links(std::string const& page) {
    std::vector<std::string> out;
    std::string marker = "<a href=\"" + case_page_ + "/documents/";
    for (auto at = page.find(marker); at != std::string::npos; at = page.find(marker, at + 1)) {
      auto start = at + 9;
      out.push_back(page.substr(start, page.find('"', start) - start));
    }
    return out;
  }

  std::unique_ptr<app::DocumentTypes> types_;
  std::optional<app::CaseDocuments> documents_;
  Browser browser_;
  std::string case_id_;
  std::string case_page_;
};

TEST_F(DocumentPagesTest, UploadAndDownloadRoundTripByteForByte) {
  auto page = get(browser_, case_page_);
  ASSERT_EQ(page.status, 200u);
  EXPECT_TRUE(contains(page.body, "enctype=\"multipart/form-data\"")) << page.body;
  EXPECT_TRUE(contains(page.body, "At most 10 MB"));
  EXPECT_TRUE(contains(page.body, "No documents yet."));

  std::string content;
  while (content.size() < 70 * 1024) content += std::string(kContentCanary) + "\n";
  auto uploaded = upload(browser_, case_page_ + "/documents", "повестка.txt", content,
                         "application/x-msdownload");
  ASSERT_EQ(uploaded.status, 303u) << uploaded.body;
  EXPECT_EQ(uploaded.header("location"), case_page_);

  page = get(browser_, case_page_);
  auto links = document_links(page.body);
  ASSERT_EQ(links.size(), 1u) << page.body;
  EXPECT_TRUE(contains(page.body, ">повестка.txt</a> · TXT · ")) << page.body;
  EXPECT_TRUE(contains(page.body, " KB</p>")) << page.body;
  EXPECT_TRUE(contains(page.body, "<strong>Document</strong> · me · "));

  auto download = get(browser_, links[0]);
  ASSERT_EQ(download.status, 200u);
  EXPECT_EQ(download.body, content);
  EXPECT_EQ(download.header("content-type"), "application/octet-stream");
  EXPECT_EQ(download.header("content-disposition"),
            "attachment; filename=\"" + std::string(8, '_') +
                ".txt\"; "
                "filename*=UTF-8''%D0%BF%D0%BE%D0%B2%D0%B5%D1%81%D1%82%D0%BA%D0%B0.txt");
  EXPECT_EQ(download.header("cache-control"), "no-store");
  EXPECT_EQ(download.header("x-content-type-options"), "nosniff");
  EXPECT_TRUE(contains(download.header("content-security-policy"), "default-src 'none'"));
}

TEST_F(DocumentPagesTest, ExecutablesHtmlAndSvgAreRefusedNamingWhatWasFound) {
  std::string exe(256, '\0');
  exe[0] = 'M';
  exe[1] = 'Z';
  exe[0x3c] = static_cast<char>(0x80);
  exe[0x80] = 'P';
  exe[0x81] = 'E';
  struct Row {
    std::string_view name;
    std::string content;
    std::string_view found;
  };
  std::vector<Row> rows{
      {"invoice.pdf", exe, "application/vnd.microsoft.portable-executable"},
      {"letter.txt", "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
       "text/html"},
      {"scan.png",
       "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>\n",
       "image/svg+xml"},
  };
  for (auto const& row : rows) {
    auto refused = upload(browser_, case_page_ + "/documents", std::string(row.name), row.content,
                          "application/pdf");
    EXPECT_EQ(refused.status, 400u) << row.name;
    EXPECT_TRUE(contains(
        refused.body, "Files of this type cannot be added (found: " + std::string(row.found) + ")"))
        << row.name << refused.body;
  }
  EXPECT_TRUE(document_links(get(browser_, case_page_).body).empty());
}

TEST_F(DocumentPagesTest, EmptyMissingAndOversizedFilesSayWhatIsWrong) {
  auto empty = upload(browser_, case_page_ + "/documents", "a.txt", "");
  EXPECT_EQ(empty.status, 400u);
  EXPECT_TRUE(contains(empty.body, "Choose a file to add.") ||
              contains(empty.body, "The file is empty."))
      << empty.body;
  auto unnamed_empty = upload(browser_, case_page_ + "/documents", "", "");
  EXPECT_EQ(unnamed_empty.status, 400u);
  EXPECT_TRUE(contains(unnamed_empty.body, "Choose a file to add."));

  std::string over(domain::kMaxDocumentBytes + 1, 'a');
  auto large = upload(browser_, case_page_ + "/documents", "big.txt", over);
  EXPECT_EQ(large.status, 413u);
  EXPECT_TRUE(contains(large.body, "The file is larger than 10 MB.")) << large.body.substr(0, 500);
  EXPECT_TRUE(document_links(get(browser_, case_page_).body).empty());
}

TEST_F(DocumentPagesTest, HostileFileNamesAreShownAndOfferedSafely) {
  auto uploaded = upload(browser_, case_page_ + "/documents",
                         "..\\..\\etc/x\r\nSet-Cookie: a=b\r\n\"паспорт\".exe", "hello\n");
  // CR and LF cannot reach a multipart header line; the parser ends the name there, or the
  // request is refused whole (400, or 403 from the CSRF check, which reads the form first
  // and finds no token in a body it cannot parse). Either way nothing unsafe reaches a header.
  if (uploaded.status == 303u) {
    auto links = document_links(get(browser_, case_page_).body);
    ASSERT_EQ(links.size(), 1u);
    auto download = get(browser_, links[0]);
    ASSERT_EQ(download.status, 200u);
    EXPECT_TRUE(download.header("content-disposition").starts_with("attachment; filename=\""));
    EXPECT_FALSE(contains(download.header("content-disposition"), "/"));
    EXPECT_TRUE(download.header("set-cookie").empty());
  } else {
    EXPECT_TRUE(uploaded.status == 400u || uploaded.status == 403u) << uploaded.status;
  }
  // Through filename*= a name carries CR LF, quotes and folders for real.
  std::string body_name = "../../etc/x\r\nSet-Cookie: a=b\r\n\"паспорт\".exe";
  std::string encoded;
  for (unsigned char c : body_name) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    encoded += '%';
    encoded += kHex[c >> 4];
    encoded += kHex[c & 0x0f];
  }
  if (!browser_.cookies.contains(csrf_cookie_name())) get(browser_, "/sign-in");
  std::string body = "--" + std::string(kBoundary) +
                     "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nsigned-" +
                     browser_.cookies[csrf_cookie_name()] + "\r\n--" + kBoundary +
                     "\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''" +
                     encoded + "\r\n\r\nhello again\n\r\n--" + kBoundary + "--\r\n";
  std::string head = "POST " + case_page_ +
                     "/documents HTTP/1.1\r\nCookie: " + browser_.cookie_header() +
                     "\r\nContent-Type: multipart/form-data; boundary=" + kBoundary;
  auto sent = testing::send_request(server_->port(), head, body);
  ASSERT_EQ(sent.status, 303u) << sent.body;
  auto page = get(browser_, case_page_);
  EXPECT_TRUE(contains(page.body, ">xSet-Cookie: a=b&quot;паспорт&quot;.exe.txt</a>")) << page.body;
  auto links = document_links(page.body);
  ASSERT_FALSE(links.empty());
  auto download = get(browser_, links[0]);
  ASSERT_EQ(download.status, 200u);
  EXPECT_EQ(download.body, "hello again\n");
  EXPECT_EQ(
      download.header("content-disposition"),
      "attachment; filename=\"xSet-Cookie: a=b" + std::string(9, '_') +
          ".exe.txt\"; "
          "filename*=UTF-8''xSet-Cookie%3A%20a%3Db%22%D0%BF%D0%B0%D1%81%D0%BF%D0%BE%D1%80%D1%82"
          "%22.exe.txt");
  EXPECT_TRUE(download.header("set-cookie").empty());
}

// DESIGN.md §3: another organisation's documents answer exactly like missing ones.
TEST_F(DocumentPagesTest, AnotherOrganisationGetsTheSame404) {
  ASSERT_EQ(upload(browser_, case_page_ + "/documents", "a.txt", kContentCanary).status, 303u);
  auto links = document_links(get(browser_, case_page_).body);
  ASSERT_EQ(links.size(), 1u);
  std::string document_id = links[0].substr(links[0].rfind('/') + 1);
  Browser other = signed_in(*counsellor_b_);
  std::string random_case = domain::CaseId::generate(random_).str();
  std::string random_document = domain::DocumentId::generate(random_).str();
  std::string b_case = cases_path(org_b_) + "/" + case_id_;
  auto reference =
      get(other, cases_path(org_b_) + "/" + random_case + "/documents/" + random_document);
  ASSERT_EQ(reference.status, 404u);
  for (std::string const& path :
       {links[0], b_case + "/documents/" + document_id,
        cases_path(org_b_) + "/" + random_case + "/documents/" + document_id,
        case_page_ + "/documents/not-an-id"}) {
    auto response = get(other, path);
    EXPECT_EQ(response.status, 404u) << path;
    EXPECT_EQ(testing::without_reference(response.body), testing::without_reference(reference.body))
        << path;
  }
  // The owner's own organisation, a random document: the same page.
  auto missing = get(browser_, case_page_ + "/documents/" + random_document);
  EXPECT_EQ(missing.status, 404u);
  auto uploaded = upload(other, case_page_ + "/documents", "x.txt", "x\n");
  EXPECT_EQ(uploaded.status, 404u);
  EXPECT_EQ(document_links(get(browser_, case_page_).body).size(), 1u);
}

TEST_F(DocumentPagesTest, DownloadsAreAuditedAndWhoOpenedTheCaseIsShown) {
  ASSERT_EQ(upload(browser_, case_page_ + "/documents", "a.txt", "hello\n").status, 303u);
  auto links = document_links(get(browser_, case_page_).body);
  ASSERT_EQ(links.size(), 1u);
  ASSERT_EQ(get(browser_, links[0]).status, 200u);
  auto entries = audit_->list(*store_, app::Actor::system(), std::nullopt, 0, app::kMaxAuditPage);
  ASSERT_TRUE(entries.ok());
  int added = 0, read = 0;
  for (auto const& entry : *entries) {
    if (entry.object_id != case_id_) continue;
    added += entry.action == app::AuditAction::DocumentAdded;
    read += entry.action == app::AuditAction::DocumentRead;
  }
  EXPECT_EQ(added, 1);
  EXPECT_EQ(read, 1);
  auto page = get(browser_, case_page_);
  EXPECT_TRUE(contains(page.body, "Who opened this case"));
  EXPECT_TRUE(contains(page.body, "me · downloaded a document · ")) << page.body;
  EXPECT_TRUE(contains(page.body, "me · opened the case · "));
}

TEST_F(DocumentPagesTest, TheDatabaseHoldsNeitherTheFileNorItsName) {
  ASSERT_EQ(upload(browser_, case_page_ + "/documents", "CANARYNAME_ivanov.txt",
                   std::string(kContentCanary) + "\n")
                .status,
            303u);
  auto db = dir_.path() / "haven.db";
  auto wal = haven::testing::file_bytes(std::filesystem::path(db.string() + "-wal"));
  for (std::string const& haystack :
       {haven::testing::all_stored_values(db), haven::testing::file_bytes(db), wal}) {
    for (std::string_view canary :
         {std::string_view("CANARY"), std::string_view("военкомат"), std::string_view("ivanov")}) {
      EXPECT_FALSE(contains(haystack, canary)) << canary;
    }
  }
}

}  // namespace
}  // namespace haven::web
