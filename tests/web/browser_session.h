// One browser as the server tests drive it over a real socket: its cookie jar (Set-Cookie
// applied, Max-Age=0 deletes) and headers, and form bodies encoded as a browser sends them.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "http_client.h"

namespace haven::testing {

inline std::string form_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_';
    if (keep) {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0f];
    }
  }
  return out;
}

struct BrowserSession {
  std::map<std::string, std::string> cookies;
  std::string user_agent = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0";
  std::string accept_language = "en";

  void take_cookies(ClientResponse const& response) {
    for (auto const& [name, value] : response.headers) {
      if (name != "set-cookie") continue;
      auto eq = value.find('=');
      auto semicolon = value.find(';');
      std::string cookie = value.substr(0, eq);
      std::string content = value.substr(eq + 1, semicolon - eq - 1);
      if (value.find("Max-Age=0") != std::string::npos) {
        cookies.erase(cookie);
      } else {
        cookies[cookie] = content;
      }
    }
  }

  std::string cookie_header() const {
    std::string out;
    for (auto const& [name, value] : cookies) {
      if (!out.empty()) out += "; ";
      out += name + "=" + value;
    }
    return out;
  }

  // Sends a request line (and `body` as a form) from this browser to 127.0.0.1:`port`.
  ClientResponse send(std::uint16_t port, std::string request_line, std::string body = {}) {
    std::string head = std::move(request_line);
    head += "\r\nUser-Agent: " + user_agent;
    head += "\r\nAccept-Language: " + accept_language;
    if (!cookies.empty()) head += "\r\nCookie: " + cookie_header();
    if (!body.empty()) head += "\r\nContent-Type: application/x-www-form-urlencoded";
    auto response = send_request(port, head, body);
    take_cookies(response);
    return response;
  }
};

}  // namespace haven::testing
