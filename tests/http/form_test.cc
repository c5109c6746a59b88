#include "http/form.h"

#include <gtest/gtest.h>

namespace haven::http {
namespace {

Request form_request(std::string content_type, std::string body) {
  Request request;
  request.method = Method::Post;
  request.headers.add("Content-Type", std::move(content_type));
  request.body = std::move(body);
  return request;
}

Request multipart(std::string body, std::string boundary_param = "XyZ") {
  return form_request("multipart/form-data; boundary=" + boundary_param, std::move(body));
}

TEST(Form, DecodesUrlencoded) {
  auto form = parse_form(form_request("application/x-www-form-urlencoded",
                                      "name=a+b&text=%D0%BF%D1%80%D0%B8&empty=&flag&x=1&x=2"));
  ASSERT_TRUE(form.ok()) << form.error().detail;
  EXPECT_EQ(form->get("name"), "a b");
  EXPECT_EQ(form->get("text"), "\xd0\xbf\xd1\x80\xd0\xb8");
  EXPECT_EQ(form->get("empty"), "");
  EXPECT_EQ(form->get("flag"), "");
  EXPECT_EQ(form->get("x"), "1");
  EXPECT_EQ(form->fields.size(), 6u);
}

TEST(Form, RejectsBadUrlencoded) {
  struct Row {
    std::string_view content_type, body;
  };
  std::string too_many;
  for (int i = 0; i < 201; ++i) too_many += "f=1&";
  std::vector<Row> rows = {
      {"application/x-www-form-urlencoded", "a=%zz"},
      {"application/x-www-form-urlencoded", "a=%"},
      {"application/x-www-form-urlencoded", "a=%ff%fe"},  // not UTF-8
      {"application/x-www-form-urlencoded", "a=%C0%AF"},  // overlong
      {"application/x-www-form-urlencoded", too_many},
      {"text/plain", "a=1"},
      {"", "a=1"},
  };
  for (auto const& row : rows) {
    auto form = parse_form(form_request(std::string(row.content_type), std::string(row.body)));
    ASSERT_FALSE(form.ok()) << row.body.substr(0, 20);
    EXPECT_EQ(form.error().code, ErrorCode::InvalidInput);
  }
  Request no_type;
  no_type.body = "a=1";
  EXPECT_FALSE(parse_form(no_type).ok());
}

TEST(Form, ParsesMultipart) {
  std::string body =
      "preamble\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
      "tok\r\n"
      "--XyZ\r\n"
      "content-disposition: form-data; name=\"note\"\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n\r\n"
      "line1\r\nline2 \xd0\xb4\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"doc\"; filename=\"a b.pdf\"\r\n"
      "Content-Type: application/pdf\r\n\r\n"
      "%PDF#\xff binary\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"img\"; filename=\"x.png\"; "
      "filename*=UTF-8''%D1%84%D0%BE%D1%82%D0%BE.png\r\n\r\n"
      "png\r\n"
      "--XyZ--\r\nepilogue";
  body[body.find("%PDF") + 4] = '\0';
  auto form = parse_form(multipart(body, "\"XyZ\""));
  ASSERT_TRUE(form.ok()) << form.error().detail;
  EXPECT_EQ(form->get("csrf"), "tok");
  EXPECT_EQ(form->get("note"), "line1\r\nline2 \xd0\xb4");
  ASSERT_EQ(form->files.size(), 2u);
  EXPECT_EQ(form->files[0].field, "doc");
  EXPECT_EQ(form->files[0].filename, "a b.pdf");
  EXPECT_EQ(form->files[0].content_type, "application/pdf");
  EXPECT_EQ(form->files[0].content, std::string("%PDF\0\xff binary", 13));
  EXPECT_EQ(form->files[1].filename, "\xd1\x84\xd0\xbe\xd1\x82\xd0\xbe.png");  // filename* wins
  EXPECT_EQ(form->files[1].content_type, "application/octet-stream");
}

TEST(Form, RejectsBrokenMultipart) {
  std::string part = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n";
  std::string many;
  for (int i = 0; i < 40; ++i) many += part;
  many += "--XyZ--\r\n";
  struct Row {
    std::string_view name;
    Request request;
    std::string_view detail;
  };
  std::vector<Row> rows;
  rows.push_back({"no closing boundary", multipart(part), "no closing boundary"});
  rows.push_back({"no boundary param", form_request("multipart/form-data", part + "--XyZ--"),
                  "without boundary"});
  rows.push_back({"bad boundary", multipart(part + "--XyZ--", "\"a\\\"b;\""), "boundary"});
  rows.push_back({"too long boundary", multipart(part, std::string(71, 'a')), "boundary"});
  rows.push_back({"boundary absent", multipart("hello", "XyZ"), "no boundary"});
  rows.push_back({"too many parts", multipart(many), "too many parts"});
  rows.push_back({"missing name",
                  multipart("--XyZ\r\nContent-Disposition: form-data\r\n\r\nv\r\n--XyZ--"),
                  "without a name"});
  rows.push_back({"no disposition",
                  multipart("--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--"),
                  "without Content-Disposition"});
  rows.push_back({"bad utf-8",
                  multipart("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
                            "\xff\xfe\r\n--XyZ--"),
                  "UTF-8"});
  rows.push_back({"bad filename*",
                  multipart("--XyZ\r\nContent-Disposition: form-data; name=\"a\"; "
                            "filename*=KOI8-R''%C1\r\n\r\nv\r\n--XyZ--"),
                  "filename*"});
  rows.push_back({"huge part headers",
                  multipart("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nX: " +
                            std::string(9000, 'x') + "\r\n\r\nv\r\n--XyZ--"),
                  "too long"});
  for (auto const& row : rows) {
    SCOPED_TRACE(row.name);
    auto form = parse_form(row.request);
    ASSERT_FALSE(form.ok());
    EXPECT_EQ(form.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(form.error().detail.find(row.detail), std::string::npos) << form.error().detail;
  }
}

TEST(Form, DecodeFormComponent) {
  EXPECT_EQ(decode_form_component("a+b%20c"), "a b c");
  EXPECT_EQ(decode_form_component("%41%6a"), "Aj");
  EXPECT_EQ(decode_form_component("%4"), std::nullopt);
  EXPECT_EQ(decode_form_component("%g0"), std::nullopt);
}

}  // namespace
}  // namespace haven::http
